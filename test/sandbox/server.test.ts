import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { CREDENTIALS, basicAuth, call, fetchUrl, ids, start } from './client.js';

const ACME = { id: 19, identifier: 'ACME', name: 'Acme Corp' };
const GLOBEX = { id: 20, identifier: 'GLOBEX', name: 'Globex' };

function timeEntry(id: number, timeStart: string, company = ACME, extra: object = {}) {
  return { id, company, member: { id: 7, identifier: 'jsmith' }, timeStart, actualHours: 1, _info: { lastUpdated: timeStart }, ...extra };
}

// Written with different offsets: only 2, 4 and 5 start after 05:00Z on 1 October.
const ENTRIES = [
  timeEntry(1, '2026-10-01T04:30:00Z'),
  timeEntry(2, '2026-10-01T01:30:00-04:00', GLOBEX, { agreement: { id: 88, name: 'Managed' } }),
  timeEntry(3, '2026-10-01T06:00:00+02:00'),
  timeEntry(4, '2026-10-01T00:30:00-07:00', GLOBEX),
  timeEntry(5, '2026-09-30T23:59:00-08:00'),
];

function configuration(id: number, type: string, company = ACME, activeFlag = true) {
  return {
    id,
    name: `${company.identifier}-${id}`,
    type: { id: type.length, name: type },
    status: { id: activeFlag ? 1 : 2, name: activeFlag ? 'Active' : 'Inactive' },
    company,
    activeFlag,
    serialNumber: `SN${id}`,
    _info: { lastUpdated: '2026-01-01T00:00:00Z' },
  };
}

// Managed devices are 31, 32 (inactive), 34, 35 and 36.
const CONFIGURATIONS = [
  configuration(31, 'Managed Workstation'),
  configuration(32, 'Managed Laptop', ACME, false),
  configuration(33, 'Printer'),
  configuration(34, 'Managed Laptop', GLOBEX),
  configuration(35, 'managed workstation', GLOBEX),
  configuration(36, 'Managed Workstation', GLOBEX),
  configuration(37, 'Workstation', GLOBEX),
];
const MANAGED = { conditions: 'type/name in ("Managed Workstation", "Managed Laptop")' };

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await start({
    members: [{ id: 7, identifier: 'jsmith', primaryEmail: 'j@example.com', _info: { lastUpdated: '2026-01-01T00:00:00Z' } }],
    timeEntries: ENTRIES,
    agreements: [
      { id: 88, name: 'Managed', company: ACME },
      { id: 89, name: 'Block', company: GLOBEX },
    ],
    additions: [
      { id: 1, agreementId: 88, product: { id: 1, identifier: 'AV' } },
      { id: 2, agreementId: 89, product: { id: 2, identifier: 'BACKUP' } },
      { id: 3, agreementId: 88, product: { id: 3, identifier: 'M365' } },
    ],
    tickets: [{ id: 500, summary: 'Printer', company: ACME, initialDescription: 'never returned' }],
    configurations: CONFIGURATIONS,
  });
});

afterAll(() => sandbox.close());

function links(header: string | string[] | undefined): Record<string, string> {
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  return Object.fromEntries([...text.matchAll(/<([^>]+)>; rel="(\w+)"/g)].map((match) => [match[2]!, match[1]!]));
}

describe('sandbox authentication', () => {
  it('answers a request with the right Basic credentials and clientId', async () => {
    const reply = await call(sandbox, 'GET', '/system/members');
    expect(reply.status).toBe(200);
    expect(ids(reply.body)).toEqual([7]);
  });

  it.each([
    ['a wrong private key', { Authorization: basicAuth('guess'), clientId: CREDENTIALS.clientId }],
    ['no clientId', { Authorization: basicAuth() }],
    ['a wrong clientId', { Authorization: basicAuth(), clientId: 'someone-else' }],
    ['no Authorization header', { clientId: CREDENTIALS.clientId }],
  ])('refuses %s with 401 in the ConnectWise error shape', async (_, headers) => {
    const reply = await call(sandbox, 'GET', '/system/members', { auth: false, headers });
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ code: 'Unauthorized', message: expect.any(String), errors: [] });
    expect(JSON.stringify(reply.body)).not.toContain(CREDENTIALS.privateKey);
  });
});

describe('sandbox errors', () => {
  it('answers a malformed condition with 400 InvalidObject naming the problem and position', async () => {
    const reply = await call(sandbox, 'GET', '/time/entries', { query: { conditions: 'company/id = 19 and' } });
    expect(reply.status).toBe(400);
    const message = 'Expected a field name at position 20, found the end of the conditions';
    expect(reply.body).toEqual({
      code: 'InvalidObject',
      message,
      errors: [{ code: 'InvalidConditions', message, resource: 'conditions', field: 'conditions' }],
    });
  });

  it.each([
    ['an unknown resource', '/finance/unknown'],
    ['an unknown ticket', '/service/tickets/999'],
    ['the children of an unknown agreement', '/finance/agreements/404/additions'],
  ])('answers %s with 404', async (_, path) => {
    const reply = await call(sandbox, 'GET', path);
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ code: 'NotFound', message: expect.any(String), errors: [] });
  });

  it('answers a path outside the codebase with 404', async () => {
    const reply = await fetchUrl(sandbox, 'GET', `https://${sandbox.site}/v2099_1/apis/3.0/system/members`);
    expect(reply.status).toBe(404);
  });

  it('answers a method the resource does not take with 405', async () => {
    const reply = await call(sandbox, 'DELETE', '/service/tickets/500');
    expect(reply.status).toBe(405);
    expect(reply.body).toMatchObject({ code: 'MethodNotAllowed', errors: [] });
  });

  it('refuses a pageSize above 1000 with 400', async () => {
    const reply = await call(sandbox, 'GET', '/time/entries', { query: { pageSize: '1001' } });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'InvalidObject', errors: [{ field: 'pageSize' }] });
  });

  it('refuses a URL longer than IIS takes with 414', async () => {
    const list = Array.from({ length: 400 }, (_, index) => index + 1000).join(',');
    const reply = await call(sandbox, 'GET', '/time/entries', { query: { conditions: `id in (${list})` } });
    expect(reply.status).toBe(414);
  });
});

describe('sandbox reads', () => {
  it('filters with conditions and their precedence', async () => {
    const conditions = 'company/id = 20 or company/identifier = "acme" and id >= 5';
    const reply = await call(sandbox, 'GET', '/time/entries', { query: { conditions } });
    expect(ids(reply.body)).toEqual([2, 4, 5]);
  });

  it('compares timeStart with a [date-time] as instants across time zones', async () => {
    const reply = await call(sandbox, 'GET', '/time/entries', { query: { conditions: 'timeStart > [2026-10-01T05:00:00Z]' } });
    expect(ids(reply.body)).toEqual([2, 4, 5]);
  });

  it('orders by a date-time field as instants, descending', async () => {
    const reply = await call(sandbox, 'GET', '/time/entries', { query: { orderBy: 'timeStart desc' } });
    expect(ids(reply.body)).toEqual([5, 4, 2, 1, 3]);
  });

  it('returns only the asked fields, nested ones included, and not id unless asked', async () => {
    const reply = await call(sandbox, 'GET', '/time/entries', {
      query: { fields: 'company/identifier,agreement/id,timeStart', conditions: 'id in (1, 2)' },
    });
    expect(reply.body).toEqual([
      { company: { identifier: 'ACME' }, timeStart: '2026-10-01T04:30:00Z' },
      { company: { identifier: 'GLOBEX' }, agreement: { id: 88 }, timeStart: '2026-10-01T01:30:00-04:00' },
    ]);
  });

  it('counts the records that match the conditions', async () => {
    const reply = await call(sandbox, 'GET', '/time/entries/count', { query: { conditions: 'company/id = 19' } });
    expect(reply.body).toEqual({ count: 3 });
  });

  it('serves a child collection under its parent only', async () => {
    const reply = await call(sandbox, 'GET', '/finance/agreements/88/additions');
    expect(ids(reply.body)).toEqual([1, 3]);
    expect(await call(sandbox, 'GET', '/finance/agreements/89/additions/count')).toMatchObject({ body: { count: 1 } });
  });

  it('reads one ticket without its initialDescription, as ConnectWise does', async () => {
    const reply = await call(sandbox, 'GET', '/service/tickets/500');
    expect(reply.body).toEqual({ id: 500, summary: 'Printer', company: ACME });
    const filtered = await call(sandbox, 'GET', '/service/tickets', { query: { conditions: 'initialDescription = null' } });
    expect(ids(filtered.body)).toEqual([500]);
  });
});

describe('sandbox paging', () => {
  it('pages by page and pageSize with first, prev, next and last links that keep the query', async () => {
    const query = { conditions: 'member/id = 7', pageSize: '2' };
    const first = await call(sandbox, 'GET', '/time/entries', { query });
    expect(ids(first.body)).toEqual([1, 2]);
    const firstLinks = links(first.headers.link);
    expect(Object.keys(firstLinks)).toEqual(['next', 'last']);
    expect(new URL(firstLinks.last!).searchParams.get('page')).toBe('3');

    const second = await fetchUrl(sandbox, 'GET', firstLinks.next!);
    expect(ids(second.body)).toEqual([3, 4]);
    expect(Object.keys(links(second.headers.link))).toEqual(['first', 'prev', 'next', 'last']);
    expect(new URL(firstLinks.next!).searchParams.get('conditions')).toBe('member/id = 7');

    const third = await fetchUrl(sandbox, 'GET', links(second.headers.link).next!);
    expect(ids(third.body)).toEqual([5]);
    expect(Object.keys(links(third.headers.link))).toEqual(['first', 'prev']);
  });

  it('sends no Link header when everything fits on one page', async () => {
    const reply = await call(sandbox, 'GET', '/time/entries');
    expect(reply.headers.link).toBeUndefined();
  });

  it('pages forward-only by id with pageId, neither skipping nor repeating records added meanwhile', async () => {
    const headers = { 'pagination-type': 'forward-only' };
    const first = await call(sandbox, 'GET', '/time/entries', { headers, query: { pageSize: '2' } });
    expect(ids(first.body)).toEqual([1, 2]);
    const next = links(first.headers.link).next!;
    expect(new URL(next).searchParams.get('pageId')).toBe('2');

    sandbox.data.timeEntries.push(timeEntry(6, '2026-10-02T12:00:00Z'));
    try {
      const second = await fetchUrl(sandbox, 'GET', next, { headers });
      expect(ids(second.body)).toEqual([3, 4]);
      const third = await fetchUrl(sandbox, 'GET', links(second.headers.link).next!, { headers });
      expect(ids(third.body)).toEqual([5, 6]);
      expect(third.headers.link).toBeUndefined();
    } finally {
      sandbox.data.timeEntries.pop();
    }
  });

  it('refuses orderBy in forward-only paging', async () => {
    const reply = await call(sandbox, 'GET', '/time/entries', {
      headers: { 'pagination-type': 'forward-only' },
      query: { orderBy: 'timeStart desc' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'InvalidObject', errors: [{ field: 'orderBy' }] });
  });
});

describe('sandbox configurations', () => {
  it('lists the configurations of some types with only the asked fields, whatever the case of the type name', async () => {
    const reply = await call(sandbox, 'GET', '/company/configurations', { query: { ...MANAGED, fields: 'id,company,type,activeFlag' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(
      [31, 32, 34, 35, 36].map((id) => {
        const { company, type, activeFlag } = CONFIGURATIONS.find((record) => record.id === id)!;
        return { id, company, type, activeFlag };
      }),
    );
  });

  it('counts the configurations that match the conditions', async () => {
    const all = await call(sandbox, 'GET', '/company/configurations/count', { query: MANAGED });
    expect(all.body).toEqual({ count: 5 });
    const active = await call(sandbox, 'GET', '/company/configurations/count', {
      query: { conditions: `${MANAGED.conditions} and activeFlag = true and company/identifier = "GLOBEX"` },
    });
    expect(active.body).toEqual({ count: 3 });
  });

  it('pages them by page and by pageId, keeping the conditions', async () => {
    const query = { ...MANAGED, pageSize: '2' };
    const first = await call(sandbox, 'GET', '/company/configurations', { query });
    expect(ids(first.body)).toEqual([31, 32]);
    const last = await fetchUrl(sandbox, 'GET', links(first.headers.link).last!);
    expect(ids(last.body)).toEqual([36]);

    const headers = { 'pagination-type': 'forward-only' };
    const pages: number[][] = [];
    let reply = await call(sandbox, 'GET', '/company/configurations', { headers, query });
    pages.push(ids(reply.body));
    while (reply.headers.link) {
      reply = await fetchUrl(sandbox, 'GET', links(reply.headers.link).next!, { headers });
      pages.push(ids(reply.body));
    }
    expect(pages).toEqual([[31, 32], [34, 35], [36]]);
  });

  it('reads one configuration by id', async () => {
    const reply = await call(sandbox, 'GET', '/company/configurations/33');
    expect(reply.body).toEqual(CONFIGURATIONS[2]);
  });
});
