import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { logConfiguration } from '../../src/commands/config.js';
import { parseEnv } from '../../src/config/env.js';
import { parseBillingConfig, type Configuration } from '../../src/config/load.js';
import { configWarnings } from '../../src/config/warnings.js';
import { createLogger } from '../../src/log.js';
import { ruleRegistry } from '../../src/rules/registry.js';
import { VALID_ENV } from './valid-env.js';

const ENV = {
  ...VALID_ENV,
  SMTP_URL: 'smtp://billing:Smtp-Password-1@mail.example.com:587',
};

const shipped = readFileSync('config/billing.yaml', 'utf8');

/** The shipped file with finance recipients and an internal company: every setting does something. */
const QUIET = shipped
  .replace(/^ {2}finance: \[\].*$/m, '  finance: [finance@acme.example]')
  .replace(/^ {2}internalCompany: null.*$/m, '  internalCompany: ACME-IT');

const WAIVERS = `waivers:
  - { rule: agreement.ambiguous, company: ACME, until: 2026-12-31, reason: Two sites }
  - { rule: time.overlap, company: GLOBEX, until: 2026-09-30, reason: Agreed double booking }`;

function configOf(yaml: string, env: Record<string, string | undefined> = {}): Configuration {
  return { env: parseEnv({ ...ENV, ...env }), billing: parseBillingConfig(yaml, 'billing.yaml', ruleRegistry) };
}

const NOW = new Date('2026-11-15T12:00:00Z');

describe('settings that are valid but do nothing', () => {
  it.each([
    ['every setting in use', QUIET, {}, []],
    ['a finance digest with nobody in mail.finance', shipped.replace(/^ {2}internalCompany: null.*$/m, '  internalCompany: ACME-IT'), {}, ['mail.finance']],
    ['no finance digest and nobody in mail.finance', QUIET.replace(/^ {2}finance: \[.*$/m, '  finance: []').replace(/ {2}- name: finance-digest\n(?: {4}.*\n)+/, ''), {}, []],
    ['no internal company while the internal rules are on', QUIET.replace('internalCompany: ACME-IT', 'internalCompany: null'), {}, ['tickets.internalCompany']],
    [
      'no internal company with every internal rule off',
      QUIET.replace('internalCompany: ACME-IT', 'internalCompany: null').replace(
        /^ {2}time\.missing: .*$/m,
        ['time.missing', 'time.unapproved', 'time.unclassified', 'time.closed-ticket-no-time'].map((id) => `  ${id}: { enabled: false }`).join('\n'),
      ),
      {},
      [],
    ],
    ['mail going to the outbox folder', QUIET, { SMTP_URL: undefined }, ['SMTP_URL']],
    ['a waiver that ended before the period a run today validates', QUIET.replace(/^waivers: \[\].*$/m, WAIVERS), {}, ['waivers.1']],
    ['all of them at once', shipped.replace(/^waivers: \[\].*$/m, WAIVERS), { SMTP_URL: undefined }, ['mail.finance', 'tickets.internalCompany', 'SMTP_URL', 'waivers.1']],
  ])('%s', (_case, yaml, env, settings) => {
    expect(configWarnings(configOf(yaml, env), NOW).map((warning) => warning.setting)).toEqual(settings);
  });

  it('says what each leads to and what to do, without a secret', () => {
    const warnings = configWarnings(configOf(shipped.replace(/^waivers: \[\].*$/m, WAIVERS), { SMTP_URL: undefined }), NOW);
    const text = Object.fromEntries(warnings.map((warning) => [warning.setting, warning.message]));
    expect(text['mail.finance']).toContain('finance-digest');
    expect(text['tickets.internalCompany']).toContain('time.missing');
    expect(text['tickets.internalCompany']).toContain('time.closed-ticket-no-time');
    expect(text.SMTP_URL).toContain('./outbox');
    expect(text['waivers.1']).toMatch(/time\.overlap for GLOBEX ended on 2026-09-30, before 2026-10/);
    expect(JSON.stringify(warnings)).not.toContain('very-secret-private-key');
  });

  it('counts a waiver as expired only once the period a run validates begins after its until', () => {
    const config = configOf(QUIET.replace(/^waivers: \[\].*$/m, WAIVERS));
    // 03:30 UTC on 1 October is still 30 September in New York: a run then validates August
    expect(configWarnings(config, new Date('2026-10-01T03:30:00Z'))).toEqual([]);
    expect(configWarnings(config, new Date('2026-11-01T12:00:00Z')).map((warning) => warning.setting)).toEqual(['waivers.1']);
  });
});

describe('what start logs about its configuration', () => {
  function logged(config: Configuration): Array<Record<string, unknown>> {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter((line) => line !== ''));
        done();
      },
    });
    logConfiguration(config, createLogger({ level: 'info', pretty: false, destination }), NOW);
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('logs the next fire of every schedule and the SMTP server mail goes to, without its credentials', () => {
    const lines = logged(configOf(QUIET));
    expect(lines.filter((line) => line.msg === 'next fire')).toEqual([
      expect.objectContaining({ schedule: 'time-cutoff-reminder', job: 'remind', nextFire: '2026-12-12T14:00:00.000Z', timezone: 'America/New_York' }),
      expect.objectContaining({ schedule: 'pre-invoice-validation', job: 'validate', nextFire: '2026-12-15T11:00:00.000Z' }),
      expect.objectContaining({ schedule: 'finance-digest', job: 'remind', nextFire: '2026-11-15T13:00:00.000Z' }),
    ]);
    expect(lines.find((line) => line.msg === 'mail destination')).toMatchObject({ mail: 'smtp mail.example.com:587' });
    expect(JSON.stringify(lines)).not.toContain('Smtp-Password-1');
    expect(lines.filter((line) => line.level === 40)).toEqual([]);
  });

  it('logs one warning line per setting that does nothing, and the outbox folder mail goes to', () => {
    const lines = logged(configOf(shipped, { SMTP_URL: undefined, MAIL_OUTBOX_DIR: '/var/mail/billing' }));
    expect(lines.filter((line) => line.level === 40).map((line) => line.setting)).toEqual(['mail.finance', 'tickets.internalCompany', 'SMTP_URL']);
    expect(lines.find((line) => line.msg === 'mail destination')).toMatchObject({ mail: 'outbox /var/mail/billing' });
  });
});
