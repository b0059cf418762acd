import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { z } from 'zod';
import type { RuleDefinition } from '../rules/define.js';
import { resolveRuleSettings } from '../rules/settings.js';
import { billingSchema, type BillingConfig } from './billing.js';
import { parseEnv, type Env } from './env.js';
import { ConfigError, describeIssues } from './errors.js';

export interface Configuration {
  env: Env;
  billing: BillingConfig;
}

export function parseBillingConfig(text: string, source: string, rules: readonly RuleDefinition[]): BillingConfig {
  const document = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(document.errors.map((error) => `${source}: not valid YAML: ${error.message.split('\n')[0]}`));
  }
  const raw: unknown = document.toJS() ?? {};
  const parsed = billingSchema.safeParse(raw);
  const problems = parsed.success ? [] : describeIssues(source, parsed.error.issues, raw);
  const configuredRules = parsed.success ? parsed.data.rules : rulesSection(raw);
  const { settings, issues } = resolveRuleSettings(configuredRules, rules);
  problems.push(...describeIssues(source, [...issues, ...waiverRuleIssues(section(raw, 'waivers'), rules)], raw));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return { ...parsed.data, rules: settings };
}

export function loadConfiguration(source: NodeJS.ProcessEnv, rules: readonly RuleDefinition[]): Configuration {
  const env = parseEnv(source);
  let text: string;
  try {
    text = readFileSync(env.BILLING_CONFIG, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError([`BILLING_CONFIG: cannot read ${env.BILLING_CONFIG}: ${reason}`]);
  }
  return { env, billing: parseBillingConfig(text, env.BILLING_CONFIG, rules) };
}

/** A waiver names a rule of the registry; a typo would silently waive nothing. */
function waiverRuleIssues(waivers: unknown, rules: readonly RuleDefinition[]): z.core.$ZodIssue[] {
  if (!Array.isArray(waivers)) return [];
  const known = rules.map((rule) => rule.id);
  return waivers.flatMap((waiver: unknown, index) => {
    const rule = waiver !== null && typeof waiver === 'object' ? (waiver as Record<string, unknown>).rule : undefined;
    if (typeof rule !== 'string' || rule === '' || known.includes(rule)) return [];
    return [{ code: 'custom', path: ['waivers', index, 'rule'], input: rule, message: `not a rule id; the rules are ${known.join(', ')}` }];
  });
}

/** The rules and waivers are checked even when another section is wrong, so one run shows every mistake. */
function rulesSection(raw: unknown): Record<string, unknown> {
  const rules = section(raw, 'rules');
  return rules !== null && typeof rules === 'object' && !Array.isArray(rules) ? (rules as Record<string, unknown>) : {};
}

function section(raw: unknown, key: string): unknown {
  return raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
}
