import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import YAML from 'yaml';
import { main } from '../../src/cli.js';
import { renderConfiguration } from '../../src/commands/config.js';
import { loadConfiguration, parseBillingConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/errors.js';
import { parseEnv, maskedEnv } from '../../src/config/env.js';
import { ruleRegistry } from '../../src/rules/registry.js';
import { writeTemporaryFile } from '../support/files.js';
import { VALID_ENV } from './valid-env.js';

const shipped = readFileSync('config/billing.yaml', 'utf8');

/** The shipped file with its `waivers: []` replaced by these YAML list items. */
const withWaivers = (...items: string[]) => shipped.replace(/^waivers: \[\].*$/m, `waivers:\n${items.join('\n')}`);

const WAIVER = `  - rule: agreement.ambiguous
    company: ACME
    until: 2026-12-31
    reason: Two sites, one Managed Services agreement each`;

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('environment', () => {
  it.each(['CW_SITE', 'CW_COMPANY_ID', 'CW_PUBLIC_KEY', 'CW_PRIVATE_KEY', 'CW_CLIENT_ID'])('names %s when it is missing', (name) => {
    const env = { ...VALID_ENV, [name]: undefined };
    const problems = problemsOf(() => parseEnv(env));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).toContain('missing');
  });

  it('applies the documented defaults', () => {
    const env = parseEnv(VALID_ENV);
    expect(env).toMatchObject({
      CW_CODEBASE: 'v4_6_release',
      REDIS_URL: 'redis://127.0.0.1:6379',
      MAIL_FROM: 'billing-guard@localhost',
      MAIL_OUTBOX_DIR: './outbox',
      BILLING_CONFIG: 'config/billing.yaml',
      LOG_LEVEL: 'info',
    });
    expect(env.SMTP_URL).toBeUndefined();
  });

  it('refuses a site given as a URL', () => {
    expect(problemsOf(() => parseEnv({ ...VALID_ENV, CW_SITE: 'https://api-na.myconnectwise.net/' }))[0]).toContain('CW_SITE');
  });

  it('masks every secret', () => {
    const masked = JSON.stringify(maskedEnv(parseEnv({ ...VALID_ENV, SMTP_URL: 'smtp://mailer:hunter2pass@mail.example:587' })));
    expect(masked).not.toContain('very-secret-private-key');
    expect(masked).not.toContain('pub-key-123456');
    expect(masked).not.toContain('hunter2pass');
  });
});

describe('config/billing.yaml', () => {
  const parse = (text: string) => parseBillingConfig(text, 'billing.yaml', ruleRegistry);

  it('accepts the shipped file, with every rule resolved', () => {
    const config = parse(shipped);
    expect(config.tenant).toBe('default');
    expect(config.rules.size).toBe(ruleRegistry.length);
    expect(config.rules.get('time.missing')).toMatchObject({ enabled: true, severity: 'warning', options: { minHoursPerDay: 7 } });
    expect(config.connectwise).toEqual({ webUrl: null, pageSize: 1000, concurrency: 4, requestsPerMinute: 900, timeoutMs: 30000, maxRetries: 6 });
    expect(config.currency).toBe('USD');
    expect(config.mail).toEqual({ finance: [], replyTo: null });
  });

  it('shows amounts in USD, links to the API host and sets no Reply-To unless told otherwise', () => {
    const config = parse('tenant: default\n');
    expect([config.currency, config.connectwise.webUrl, config.mail.replyTo]).toEqual(['USD', null, null]);
  });

  it('accepts a currency, a ConnectWise web address and a Reply-To', () => {
    const config = parse(
      shipped
        .replace('currency: USD', 'currency: eur')
        .replace('  replyTo: null', '  replyTo: billing@msp.example')
        .replace('  webUrl: null', '  webUrl: https://cw.msp.example'),
    );
    expect([config.currency, config.connectwise.webUrl, config.mail.replyTo]).toEqual(['EUR', 'https://cw.msp.example', 'billing@msp.example']);
  });

  it('accepts a ConnectWise budget of up to 100,000 requests a minute, 900 by default', () => {
    expect(parse('tenant: default\n').connectwise.requestsPerMinute).toBe(900);
    expect(parse(shipped.replace('requestsPerMinute: 900', 'requestsPerMinute: 6000')).connectwise.requestsPerMinute).toBe(6000);
    expect(problemsOf(() => parse(shipped.replace('requestsPerMinute: 900', 'requestsPerMinute: 100001')))[0]).toContain(
      'billing.yaml: connectwise.requestsPerMinute',
    );
  });

  it('refuses the retired requestsPerSecond, naming requestsPerMinute', () => {
    const problems = problemsOf(() => parse('connectwise:\n  requestsPerSecond: 15\n'));
    expect(problems).toEqual([
      'billing.yaml: connectwise.requestsPerSecond is 15: no longer a setting: use connectwise.requestsPerMinute (ConnectWise throttles above about 1,000 a minute; default 900)',
    ]);
  });

  it.each([
    ['a bad cron', shipped.replace('"0 6 15 * *"', '"0 6 32 * *"'), 'schedules.1.cron'],
    ['an unknown rule id', shipped.replace('time.missing: {', 'time.missed: {'), 'rules.time.missed'],
    ['an unknown rule option', shipped.replace('minHoursPerDay: 7', 'minHours: 7'), 'rules.time.missing.minHours'],
    ['a bad rule severity', shipped.replace('threshold: "5000.00" }', 'threshold: "5000.00", severity: fatal }'), 'rules.invoice.high-value.severity'],
    ['an unknown key', `${shipped}\nmial:\n  finance: []\n`, 'mial'],
    ['an unknown nested key', shipped.replace('  board: Billing Exceptions', '  bord: Billing Exceptions'), 'tickets.bord'],
    ['a tenant too long for a ticket key', shipped.replace('tenant: default', `tenant: ${'x'.repeat(41)}`), 'tenant'],
    ['a bad timezone', shipped.replace('America/New_York ', 'America/Gotham '), 'timezone'],
    ['a remind job without audience', shipped.replace('    audience: finance\n', ''), 'schedules.2.audience'],
    ['a duplicate schedule name', shipped.replace('name: finance-digest', 'name: pre-invoice-validation'), 'schedules.2.name'],
    ['a page size over the API maximum', shipped.replace('pageSize: 1000', 'pageSize: 5000'), 'connectwise.pageSize'],
    ['a fractional request budget', shipped.replace('requestsPerMinute: 900', 'requestsPerMinute: 12.5'), 'connectwise.requestsPerMinute'],
    ['a malformed threshold', shipped.replace('"5000.00"', '"5,000"'), 'rules.invoice.high-value.threshold'],
    ['an unknown currency', shipped.replace('currency: USD', 'currency: DOLLARS'), 'currency'],
    ['a three-letter code that is no currency', shipped.replace('currency: USD', 'currency: XYZ'), 'currency'],
    ['a Reply-To that is no address', shipped.replace('  replyTo: null', '  replyTo: the controller'), 'mail.replyTo'],
    ['a web address without https', shipped.replace('  webUrl: null', '  webUrl: na.myconnectwise.net'), 'connectwise.webUrl'],
    ['data.invalid disabled', `${shipped.replace('rules:', 'rules:\n  data.invalid: { enabled: false }')}`, 'rules.data.invalid.enabled'],
  ])('names the field for %s', (_case, text, field) => {
    const problems = problemsOf(() => parse(text));
    expect(problems.join('\n')).toContain(`billing.yaml: ${field}`);
  });

  it('has no configured waivers by default', () => {
    expect(parse(shipped).waivers).toEqual([]);
    expect(parse('tenant: default\n').waivers).toEqual([]);
  });

  it('accepts waivers of known rules, for a company or the internal exceptions, with or without records', () => {
    const config = parse(
      withWaivers(
        WAIVER,
        `  - { rule: time.overlap, company: internal, records: ["timeEntry:5531", "timeEntry:5532"], until: "2027-03-31", reason: agreed }`,
      ),
    );
    expect(config.waivers).toEqual([
      { rule: 'agreement.ambiguous', company: 'ACME', until: '2026-12-31', reason: 'Two sites, one Managed Services agreement each' },
      { rule: 'time.overlap', company: 'internal', records: ['timeEntry:5531', 'timeEntry:5532'], until: '2027-03-31', reason: 'agreed' },
    ]);
  });

  it.each([
    ['an unknown rule id', WAIVER.replace('agreement.ambiguous', 'agreement.ambigous'), 'waivers.0.rule'],
    ['a bad record reference', `${WAIVER}\n    records: ["entry:5531"]`, 'waivers.0.records.0'],
    ['a record reference without an id', `${WAIVER}\n    records: ["timeEntry:"]`, 'waivers.0.records.0'],
    ['a missing reason', WAIVER.replace(/\n {4}reason: .*/, ''), 'waivers.0.reason'],
    ['an empty reason', WAIVER.replace(/reason: .*/, 'reason: ""'), 'waivers.0.reason'],
    ['a missing until', WAIVER.replace(/\n {4}until: .*/, ''), 'waivers.0.until'],
    ['an until that is not an ISO date', WAIVER.replace('2026-12-31', '12/31/2026'), 'waivers.0.until'],
    ['an until that is not in the calendar', WAIVER.replace('2026-12-31', '2026-02-30'), 'waivers.0.until'],
    ['a missing company', WAIVER.replace(/\n {4}company: .*/, ''), 'waivers.0.company'],
    ['an unknown key', `${WAIVER}\n    expires: 2026-12-31`, 'waivers.0.expires'],
  ])('names the field for a waiver with %s', (_case, waiver, field) => {
    const problems = problemsOf(() => parse(withWaivers(waiver)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`billing.yaml: ${field}`);
  });

  it('lists the rule ids when a waiver names an unknown rule', () => {
    const [problem] = problemsOf(() => parse(withWaivers(WAIVER.replace('agreement.ambiguous', 'time.missed'))));
    expect(problem).toContain('billing.yaml: waivers.0.rule is "time.missed": not a rule id; the rules are ');
    expect(problem).toContain('time.missing');
  });

  it('names a waiver with an unknown rule even when another section is wrong', () => {
    const text = withWaivers(WAIVER.replace('agreement.ambiguous', 'time.missed')).replace('America/New_York ', 'Mars/Base ');
    expect(problemsOf(() => parse(text)).join('\n')).toMatch(/timezone[\s\S]*waivers\.0\.rule/);
  });

  it('reports every mistake at once', () => {
    const text = shipped.replace('America/New_York ', 'Mars/Base ').replace('time.missing: {', 'time.missed: {');
    expect(problemsOf(() => parse(text))).toHaveLength(2);
  });

  it('reports YAML syntax errors', () => {
    expect(problemsOf(() => parse('tenant: [unclosed'))[0]).toContain('not valid YAML');
  });
});

describe('billing-guard config', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    vi.restoreAllMocks();
  });

  async function runConfig(env: Record<string, string | undefined>) {
    process.env = { ...saved, ...env };
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
    const code = await main(['node', 'billing-guard', 'config']);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('prints the masked configuration and three fire times per schedule', async () => {
    const { code, out } = await runConfig({ ...VALID_ENV, BILLING_CONFIG: 'config/billing.yaml' });
    expect(code).toBe(0);
    expect(out).not.toContain('very-secret-private-key');
    expect(out).toContain('pre-invoice-validation');
    expect(out.match(/America\/New_York \(\d{4}-\d{2}-\d{2}T/g)).toHaveLength(9);
  });

  it('exits 2 naming the missing variable', async () => {
    const { code, err } = await runConfig({ ...VALID_ENV, CW_PRIVATE_KEY: undefined });
    expect(code).toBe(2);
    expect(err).toContain('CW_PRIVATE_KEY');
  });

  it('exits 2 naming requestsPerMinute when the file still sets requestsPerSecond', async () => {
    const path = writeTemporaryFile('billing.yaml', shipped.replace('requestsPerMinute: 900', 'requestsPerSecond: 15'));
    const { code, err } = await runConfig({ ...VALID_ENV, BILLING_CONFIG: path });
    expect(code).toBe(2);
    expect(err).toContain('connectwise.requestsPerSecond is 15: no longer a setting: use connectwise.requestsPerMinute');
  });

  it('exits 2 naming the field of an invalid config file', async () => {
    const path = writeTemporaryFile('billing.yaml', shipped.replace('"0 9 12 * *"', '"0 9 12 * * * *"'));
    const { code, err } = await runConfig({ ...VALID_ENV, BILLING_CONFIG: path });
    expect(code).toBe(2);
    expect(err).toContain('schedules.0.cron');
  });

  it.each([
    ['an unknown rule id', WAIVER.replace('agreement.ambiguous', 'time.missed'), 'waivers.0.rule'],
    ['a bad record reference', `${WAIVER}\n    records: ["entry:5531"]`, 'waivers.0.records.0'],
    ['a missing reason', WAIVER.replace(/\n {4}reason: .*/, ''), 'waivers.0.reason'],
  ])('exits 2 naming the field of a waiver with %s', async (_case, waiver, field) => {
    const path = writeTemporaryFile('billing.yaml', withWaivers(waiver));
    const { code, err } = await runConfig({ ...VALID_ENV, BILLING_CONFIG: path });
    expect(code).toBe(2);
    expect(err).toContain(field);
  });

  it('lists the configured waivers and marks those that no longer cover the period a run today validates', () => {
    const path = writeTemporaryFile(
      'billing.yaml',
      withWaivers(
        WAIVER,
        WAIVER.replace('2026-12-31', '2026-10-01').replace('ACME', 'GLOBEX'),
        WAIVER.replace('2026-12-31', '2026-09-30').replace('ACME', 'INITECH'),
      ),
    );
    const config = loadConfiguration({ ...VALID_ENV, BILLING_CONFIG: path }, ruleRegistry);
    // 03:30 UTC on 1 November is still 31 October in New York: a run then validates September
    const waivers = (now: string) => (YAML.parse(renderConfiguration(config, new Date(now))) as { waivers: { company: string; status: string }[] }).waivers;

    expect(waivers('2026-11-15T12:00:00Z')).toEqual([
      expect.objectContaining({ company: 'ACME', until: '2026-12-31', reason: 'Two sites, one Managed Services agreement each', status: 'active: covers 2026-10, the period a run today validates' }),
      expect.objectContaining({ company: 'GLOBEX', status: 'active: covers 2026-10, the period a run today validates' }),
      expect.objectContaining({ company: 'INITECH', status: 'expired: 2026-10, the period a run today validates, begins after 2026-09-30' }),
    ]);
    expect(waivers('2026-11-01T03:30:00Z').map((waiver) => waiver.status.split(':')[0])).toEqual(['active', 'active', 'active']);
    expect(waivers('2026-12-01T12:00:00Z').map((waiver) => waiver.status.split(':')[0])).toEqual(['active', 'expired', 'expired']);
  });

  it('lists the mistakes of the environment and of the config file together', async () => {
    const path = writeTemporaryFile('billing.yaml', shipped.replace('America/New_York ', 'Mars/Base '));
    const env = { ...VALID_ENV, CW_SITE: 'https://na.myconnectwise.net', CW_CLIENT_ID: undefined, BILLING_CONFIG: path };
    const problems = problemsOf(() => loadConfiguration(env, ruleRegistry));
    expect(problems).toEqual([
      expect.stringContaining('environment: CW_SITE'),
      expect.stringContaining('environment: CW_CLIENT_ID'),
      expect.stringContaining(`${path}: timezone`),
    ]);
    const { code, err } = await runConfig(env);
    expect(code).toBe(2);
    for (const field of ['CW_SITE', 'CW_CLIENT_ID', 'timezone']) expect(err).toContain(field);
  });

  it('warns on stderr about settings that do nothing, keeping stdout the configuration', async () => {
    const { code, out, err } = await runConfig({ ...VALID_ENV, BILLING_CONFIG: 'config/billing.yaml', SMTP_URL: undefined });
    expect(code).toBe(0);
    expect(YAML.parse(out)).toHaveProperty('tenant', 'default');
    const warnings = err.split('\n');
    expect(warnings).toHaveLength(3);
    expect(warnings.every((line) => line.startsWith('billing-guard: warning: '))).toBe(true);
    expect(err).toContain('mail.finance is empty');
    expect(err).toContain('tickets.internalCompany is null');
    expect(err).toContain('SMTP_URL is not set');
  });

  it('prints the version of the package', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    const code = await main(['node', 'billing-guard', '--version']);
    expect(code).toBe(0);
    expect(written.join('')).toBe(`${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}\n`);
  });

  it('exits 2 when the config file does not exist', async () => {
    const { code, err } = await runConfig({ ...VALID_ENV, BILLING_CONFIG: '/nonexistent/billing.yaml' });
    expect(code).toBe(2);
    expect(err).toContain('BILLING_CONFIG');
  });
});
