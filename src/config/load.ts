import { readFileSync } from 'node:fs';
import YAML from 'yaml';
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
  problems.push(...describeIssues(source, issues, raw));
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

/** The rules are checked even when another section is wrong, so one run shows every mistake. */
function rulesSection(raw: unknown): Record<string, unknown> {
  const rules = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>).rules : undefined;
  return rules !== null && typeof rules === 'object' && !Array.isArray(rules) ? (rules as Record<string, unknown>) : {};
}
