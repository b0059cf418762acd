import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { z } from 'zod';
import type { RuleDefinition } from '../rules/define.js';
import { resolveRuleSettings } from '../rules/settings.js';
import { billingSchema, type BillingConfig } from './billing.js';
import { envSchema, parseEnv, type Env } from './env.js';
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

/** Both layers, every mistake of either listed in one ConfigError: a bad environment does not hide the YAML's. */
export function loadConfiguration(source: NodeJS.ProcessEnv, rules: readonly RuleDefinition[]): Configuration {
  const env = attempt(() => parseEnv(source));
  // a BILLING_CONFIG that is itself wrong is named among the environment's mistakes: there is no file to read
  const path = configPathOf(source);
  const billing = path === undefined ? { problems: [] } : attempt(() => parseBillingConfig(readConfigFile(path), path, rules));
  if (env.value === undefined || billing.value === undefined) throw new ConfigError([...env.problems, ...billing.problems]);
  return { env: env.value, billing: billing.value };
}

function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError([`BILLING_CONFIG: cannot read ${path}: ${reason}`]);
  }
}

/** BILLING_CONFIG alone, so the file is read even when another variable is wrong. */
function configPathOf(source: NodeJS.ProcessEnv): string | undefined {
  const parsed = envSchema.shape.BILLING_CONFIG.safeParse(source.BILLING_CONFIG);
  return parsed.success ? parsed.data : undefined;
}

function attempt<T>(load: () => T): { value?: T; problems: readonly string[] } {
  try {
    return { value: load(), problems: [] };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
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
