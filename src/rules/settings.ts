import { z } from 'zod';
import { severities } from './define.js';
import type { RuleDefinition, Severity } from './define.js';

export interface RuleSettings {
  enabled: boolean;
  /** the configured severity, or the rule's default */
  severity: Severity;
  /** whether the config names a severity: only then does it replace the severities a rule gives its findings */
  severityConfigured: boolean;
  options: Record<string, unknown>;
}

/**
 * Every rule's settings: what `rules:` says, validated by the rule's own options schema, else
 * its defaults. Unknown rule ids and unknown options come back as issues, never ignored.
 */
export function resolveRuleSettings(
  configured: Record<string, unknown>,
  rules: readonly RuleDefinition[],
): { settings: Map<string, RuleSettings>; issues: z.core.$ZodIssue[] } {
  const known = new Set(rules.map((rule) => rule.id));
  const issues: z.core.$ZodIssue[] = Object.keys(configured)
    .filter((id) => !known.has(id))
    .map((id) => ({
      code: 'custom',
      path: ['rules', id],
      input: configured[id],
      message: `not a rule id; the rules are ${[...known].join(', ')}`,
    }));
  const settings = new Map<string, RuleSettings>();
  for (const rule of rules) {
    const schema = rule.options.extend({
      enabled: rule.alwaysOn ? z.literal(true, { error: 'this rule cannot be disabled' }).default(true) : z.boolean().default(true),
      severity: z.enum(severities).optional(),
    });
    const result = schema.safeParse(configured[rule.id] ?? {});
    if (!result.success) {
      issues.push(...result.error.issues.map((issue) => ({ ...issue, path: ['rules', rule.id, ...issue.path] })));
      continue;
    }
    const { enabled, severity, ...options } = result.data as { enabled: boolean; severity?: Severity };
    settings.set(rule.id, { enabled, severity: severity ?? rule.severity, severityConfigured: severity !== undefined, options });
  }
  return { settings, issues };
}
