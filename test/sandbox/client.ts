import { Agent, request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { emptySandboxData } from '../../src/sandbox/data.js';
import type { CwRecord, SandboxData } from '../../src/sandbox/data.js';
import type { FaultOptions, Sandbox } from '../../src/sandbox/server.js';
import { startSandbox } from '../../src/sandbox/server.js';

/** Real HTTPS calls to a started sandbox, trusting its certificate as a CA (verification stays on). */

export const CREDENTIALS = { companyId: 'msp', publicKey: 'pub', privateKey: 'secret', clientId: 'client-1' };

export function basicAuth(privateKey = CREDENTIALS.privateKey): string {
  const { companyId, publicKey } = CREDENTIALS;
  return `Basic ${Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString('base64')}`;
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface CallOptions {
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  /** false: send no Authorization or clientId header unless given in headers */
  auth?: boolean;
}

export function call(sandbox: Sandbox, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const url = new URL(`${sandbox.url}${path}`);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  return fetchUrl(sandbox, method, url.toString(), options);
}

export function fetchUrl(sandbox: Sandbox, method: string, url: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {
    ...(options.auth === false ? {} : { Authorization: basicAuth(), clientId: CREDENTIALS.clientId }),
    ...options.headers,
  };
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers, agent: agentFor(sandbox) }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined }),
      );
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

const agents = new WeakMap<Sandbox, Agent>();

function agentFor(sandbox: Sandbox): Agent {
  let agent = agents.get(sandbox);
  if (!agent) {
    agent = new Agent({ ca: sandbox.ca, keepAlive: false });
    agents.set(sandbox, agent);
  }
  return agent;
}

export function ids(body: unknown): number[] {
  return (body as CwRecord[]).map((record) => record.id);
}

export function start(data: Partial<SandboxData> = {}, faults?: FaultOptions): Promise<Sandbox> {
  return startSandbox({ data: { ...emptySandboxData(), ...data }, credentials: CREDENTIALS, ...(faults ? { faults } : {}) });
}

/** A board with New / In Progress / Closed statuses and one type, as billing-guard's exception tickets use. */
export function serviceDesk(): Partial<SandboxData> {
  return {
    companies: [
      { id: 19, identifier: 'ACME', name: 'Acme Corp', _info: { lastUpdated: '2026-01-01T00:00:00Z' } },
      { id: 20, identifier: 'GLOBEX', name: 'Globex', _info: { lastUpdated: '2026-01-01T00:00:00Z' } },
    ],
    boards: [{ id: 3, name: 'Billing Exceptions' }],
    boardStatuses: [
      { id: 30, boardId: 3, name: 'New', defaultFlag: true, closedStatus: false },
      { id: 31, boardId: 3, name: 'In Progress', closedStatus: false },
      { id: 32, boardId: 3, name: 'Closed', closedStatus: true },
    ],
    boardTypes: [{ id: 40, boardId: 3, name: 'Billing' }],
    priorities: [
      { id: 50, name: 'Priority 3 - Normal', defaultFlag: true },
      { id: 51, name: 'Priority 1 - Critical' },
    ],
  };
}
