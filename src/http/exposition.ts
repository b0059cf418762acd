import { Gauge, Registry } from 'prom-client';
import type { RunSummary } from '../report/store.js';
import { severities } from '../rules/define.js';

/**
 * The gauges of the latest stored run, labelled with its tenant. They are computed from the
 * run's stored summary at each scrape, so every replica shows the same figures, whichever process ran it.
 */
export async function lastRunExposition(latest: RunSummary | null): Promise<string> {
  const registry = new Registry();
  const gauge = <Label extends string>(name: string, help: string, labelNames: readonly Label[]) =>
    new Gauge<Label>({ name, help, labelNames, registers: [registry] });
  const finished = gauge('billing_guard_last_successful_validation_timestamp_seconds', 'When the latest stored validation run finished', ['tenant']);
  const exceptions = gauge('billing_guard_last_run_exceptions', 'Open (unwaived) exceptions of the latest stored run, by rule and severity', [
    'rule',
    'severity',
  ]);
  const atRisk = gauge('billing_guard_last_run_revenue_at_risk', 'Revenue at risk found by the latest stored run', ['tenant']);
  const waived = gauge('billing_guard_last_run_waived_exceptions', 'Waived exceptions of the latest stored run', ['tenant']);
  if (latest) {
    const tenant = latest.tenant;
    finished.set({ tenant }, Date.parse(latest.finishedAt) / 1000);
    for (const count of latest.rules) {
      for (const severity of severities) {
        if (count[severity] > 0) exceptions.set({ rule: count.rule, severity }, count[severity]);
      }
    }
    atRisk.set({ tenant }, Number(latest.totals.revenueAtRisk));
    waived.set({ tenant }, latest.totals.waived);
  }
  return registry.metrics();
}

/**
 * Joins Prometheus text expositions into one. BullMQ exports each queue on its own, with the
 * same metric families: the text format allows one HELP and TYPE per family and wants a
 * family's samples together, so samples are grouped under the family that announced them.
 */
export function mergeExpositions(texts: readonly string[]): string {
  const families = new Map<string, { help?: string; type?: string; samples: string[] }>();
  const familyOf = (name: string) => {
    let family = families.get(name);
    if (!family) families.set(name, (family = { samples: [] }));
    return family;
  };
  for (const text of texts) {
    let current: string | null = null;
    for (const line of text.split('\n')) {
      const meta = /^#\s+(HELP|TYPE)\s+(\S+)/.exec(line);
      if (meta) {
        current = meta[2]!;
        const family = familyOf(current);
        if (meta[1] === 'HELP') family.help ??= line;
        else family.type ??= line;
      } else if (line.trim() !== '' && !line.startsWith('#')) {
        familyOf(current ?? (/^[^{\s]+/.exec(line)?.[0] ?? line)).samples.push(line);
      }
    }
  }
  const lines = [...families.values()].flatMap((family) => [family.help, family.type, ...family.samples].filter((line) => line !== undefined));
  return `${lines.join('\n')}\n`;
}
