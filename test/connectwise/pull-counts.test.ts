import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { periodFromId } from '../../src/calendar.js';
import { pullSnapshot } from '../../src/connectwise/pull.js';
import type { CountsConfig } from '../../src/counts/config.js';
import { makeClient, nockedConnectWise } from './helpers.js';

const acme = { id: 19, identifier: 'ACME', name: 'Acme Corp' };
const globex = { id: 20, identifier: 'GLOBEX', name: 'Globex' };
const initech = { id: 21, identifier: 'INITECH', name: 'Initech' };
const period = periodFromId('2026-10', 'America/Chicago');

const workstation = (id: number, company: typeof acme, fields: Record<string, unknown> = {}) => ({
  id,
  company,
  type: { id: 4, name: 'Managed Workstation' },
  activeFlag: true,
  ...fields,
});

describe('pull of deployed counts', () => {
  const { context, lists, serve } = nockedConnectWise();

  /** Acme's one agreement without additions, and nothing else but what the test serves. */
  function serveTenant() {
    for (const path of ['/system/members', '/time/entries', '/expense/entries', '/service/tickets', '/finance/invoices']) serve(path, () => []);
    serve('/finance/agreements', () => [{ id: 88, name: 'Managed Services', company: acme, agreementStatus: 'Active' }]);
    for (const part of ['additions', 'workTypeExclusions', 'workRoleExclusions']) serve(`/finance/agreements/88/${part}`, () => []);
  }

  it('reads the configurations of the mapped types once, page by page, for every company at once', async () => {
    serveTenant();
    const pages = [
      [workstation(1, acme), workstation(2, globex, { type: { id: 5, name: 'Managed Laptop' } })],
      [workstation(3, acme, { activeFlag: false }), workstation(4, globex, { type: undefined })],
      [workstation(5, acme, { activeFlag: undefined })],
    ];
    serve('/company/configurations', (query) => {
      const after = Number(/id > (\d+)/.exec(query.conditions!)?.[1] ?? 0);
      return pages.find((page) => page[0]!.id > after)!;
    });
    const counts: CountsConfig = {
      directory: null,
      products: { 'MANAGED-WS': { configurationTypes: ['Managed Workstation', 'Managed Laptop'] }, 'SERVER-MON': { configurationTypes: ['Server'] } },
    };
    const client = makeClient(context, { settings: { pageSize: 2 } });
    const snapshot = await pullSnapshot(client, period, { lookbackDays: 0, exclusions: false, counts });

    const types = 'type/name in ("Managed Workstation","Managed Laptop","Server")';
    expect(lists.requested['/company/configurations']).toEqual([
      expect.objectContaining({ conditions: types, fields: 'id,company,type,activeFlag', pageSize: '2', orderBy: 'id asc' }),
      expect.objectContaining({ conditions: `(${types}) and id > 2` }),
      expect.objectContaining({ conditions: `(${types}) and id > 4` }),
    ]);
    expect(snapshot.counts.configurations).toBe(5);
    expect(snapshot.deployedCounts).toEqual([
      { company: acme, product: 'MANAGED-WS', count: 2, source: 'ConnectWise configurations: Managed Workstation, Managed Laptop' },
      { company: globex, product: 'MANAGED-WS', count: 1, source: 'ConnectWise configurations: Managed Workstation, Managed Laptop' },
    ]);
    expect(snapshot.invalid).toEqual([{ type: 'configuration', id: 4, company: globex, problems: ['type is missing'] }]);
    // 6 collections + the agreement's additions + 3 pages of configurations
    expect(client.requestCount).toBe(6 + 1 + 3);
  });

  it('reads no configurations when no product counts configuration types', async () => {
    serveTenant();
    serve('/company/configurations', () => [workstation(1, acme)]);
    const client = makeClient(context);
    const snapshot = await pullSnapshot(client, period, { lookbackDays: 0, exclusions: false, counts: { directory: null, products: {} } });

    expect(lists.requested['/company/configurations']).toBeUndefined();
    expect(snapshot.counts.configurations).toBe(0);
    expect(snapshot.deployedCounts).toEqual([]);
    expect(client.requestCount).toBe(6 + 1);
  });

  it('counts the rows of the counts files, looking up by identifier only the companies no record carries', async () => {
    serveTenant();
    serve('/company/companies', () => [initech]);
    serve('/company/configurations', () => []);
    const directory = mkdtempSync(join(tmpdir(), 'billing-guard-counts-'));
    writeFileSync(join(directory, 'rmm.csv'), 'company,item,count\nACME,M365,10\ninitech,M365,4\nNOPE,M365,1\nACME,M365,ten\nHOOLI,Antivirus,3\n');
    const client = makeClient(context);
    const snapshot = await pullSnapshot(client, period, { lookbackDays: 0, exclusions: false, counts: { directory, products: { 'M365-BP': { item: 'M365' } } } });

    expect(lists.requested['/company/configurations']).toBeUndefined();
    expect(lists.requested['/company/companies']).toEqual([expect.objectContaining({ conditions: 'identifier in ("NOPE","initech")', fields: 'id,identifier,name' })]);
    expect(snapshot.deployedCounts).toEqual([
      { company: acme, product: 'M365-BP', count: 10, source: 'rmm.csv' },
      { company: initech, product: 'M365-BP', count: 4, source: 'rmm.csv' },
    ]);
    expect(snapshot.unusableCountRows).toEqual([
      { file: 'rmm.csv', line: 4, problem: 'no company with identifier "NOPE" in ConnectWise' },
      { file: 'rmm.csv', line: 5, problem: 'the count "ten" is not a whole number of 0 or more' },
    ]);
    expect(snapshot.counts.countRows).toBe(3);
    expect(client.requestCount).toBe(6 + 1 + 1);
  });
});
