import { describe, expect, it } from 'vitest';
import { formatMoney, memberName, recordUrl, webUrlOf } from '../src/links.js';
import { parseBillingConfig } from '../src/config/load.js';
import { parseEnv } from '../src/config/env.js';
import { DEFAULT_DISPLAY, type ReportDisplay } from '../src/report/schema.js';
import { ruleRegistry } from '../src/rules/registry.js';
import { displayOf } from '../src/validation-run.js';

const DISPLAY: ReportDisplay = {
  timezone: 'America/New_York',
  currency: 'USD',
  webUrl: 'https://na.myconnectwise.net',
  codebase: 'v2025_1',
  companyId: 'summit',
};

const opens = (recordType: string, id: number) =>
  `https://na.myconnectwise.net/v2025_1/services/system_io/router/openrecord.rails?locale=en_US&companyName=summit&recordType=${recordType}&recid=${id}`;

describe('links into ConnectWise', () => {
  it.each([
    ['company', 'CompanyFV'],
    ['agreement', 'AgreementFV'],
    ['ticket', 'ServiceFV'],
    ['timeEntry', 'TimeEntryFV'],
    ['expense', 'ExpenseFV'],
    ['configuration', 'ConfigFV'],
  ] as const)('opens a %s on its %s screen', (type, screen) => {
    expect(recordUrl(DISPLAY, { type, id: 541 })).toBe(opens(screen, 541));
  });

  it('opens an addition on its agreement and an invoice on its company', () => {
    expect(recordUrl(DISPLAY, { type: 'addition', id: 9 }, { agreement: 541 })).toBe(opens('AgreementFV', 541));
    expect(recordUrl(DISPLAY, { type: 'invoice', id: 9 }, { company: 19 })).toBe(opens('CompanyFV', 19));
  });

  it('has no link for a member, nor for an addition or invoice whose parent is unknown', () => {
    expect(recordUrl(DISPLAY, { type: 'member', id: 7 })).toBeNull();
    expect(recordUrl(DISPLAY, { type: 'addition', id: 9 })).toBeNull();
    expect(recordUrl(DISPLAY, { type: 'invoice', id: 9 })).toBeNull();
  });

  it('has no link without a web address, as for runs stored before reports carried one', () => {
    expect(recordUrl({ ...DISPLAY, webUrl: null }, { type: 'ticket', id: 1 })).toBeNull();
    expect(recordUrl(DEFAULT_DISPLAY, { type: 'company', id: 1 })).toBeNull();
  });

  it('encodes the company id and tolerates a trailing slash on the web address', () => {
    const url = recordUrl({ ...DISPLAY, webUrl: 'https://cw.msp.example/', companyId: 'a&b c' }, { type: 'ticket', id: 5 });
    expect(url).toBe('https://cw.msp.example/v2025_1/services/system_io/router/openrecord.rails?locale=en_US&companyName=a%26b+c&recordType=ServiceFV&recid=5');
  });

  it('derives the web address from CW_SITE without its leading api-, unless one is configured', () => {
    expect(webUrlOf(null, 'api-na.myconnectwise.net')).toBe('https://na.myconnectwise.net');
    expect(webUrlOf(null, 'cw.msp.example:8443')).toBe('https://cw.msp.example:8443');
    expect(webUrlOf('https://manage.msp.example', 'api-na.myconnectwise.net')).toBe('https://manage.msp.example');
  });

  it('stores what a run shows from the environment and the config file', () => {
    const env = parseEnv({ CW_SITE: 'api-eu.myconnectwise.net', CW_COMPANY_ID: 'summit', CW_PUBLIC_KEY: 'p', CW_PRIVATE_KEY: 'k', CW_CLIENT_ID: 'c' });
    const billing = parseBillingConfig('timezone: Europe/Berlin\ncurrency: EUR\n', 'billing.yaml', ruleRegistry);
    expect(displayOf({ env, billing })).toEqual({
      timezone: 'Europe/Berlin',
      currency: 'EUR',
      webUrl: 'https://eu.myconnectwise.net',
      codebase: 'v4_6_release',
      companyId: 'summit',
    });
  });
});

describe('amounts and members', () => {
  it('shows amounts in the tenant currency', () => {
    expect(formatMoney({ currency: 'USD' }, '7079.55')).toBe('$7,079.55');
    expect(formatMoney({ currency: 'USD' }, '-15.00')).toBe('-$15.00');
    expect(formatMoney({ currency: 'EUR' }, '19305.00')).toBe('€19,305.00');
  });

  it('names a member by first and last name with the identifier, the identifier alone without a name', () => {
    expect(memberName({ identifier: 'oparker', name: 'Olivia Parker' })).toBe('Olivia Parker (oparker)');
    expect(memberName({ identifier: 'oparker', name: null })).toBe('oparker');
  });
});
