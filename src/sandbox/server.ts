import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { generate } from 'selfsigned';
import type { CwRecord, SandboxData } from './data.js';
import { SandboxError, invalid, notFound, unauthorized } from './errors.js';
import type { Fault, FaultDecision, FaultOptions, Faults } from './faults.js';
import { createFaults } from './faults.js';
import type { Query } from './paging.js';
import type { ApiResponse } from './routes.js';
import { handle } from './routes.js';

export type { CwRecord, SandboxData } from './data.js';
export type { FaultOptions } from './faults.js';

/**
 * A ConnectWise Manage REST API (v3.0) to try and test billing-guard against: HTTPS with a
 * certificate made at start, Basic auth plus a clientId header, conditions, fields, paging,
 * ticket writes and injected faults. It serves (and writes into) the SandboxData it is given.
 */

export interface SandboxOptions {
  data: SandboxData;
  credentials: { companyId: string; publicKey: string; privateKey: string; clientId: string };
  /** 0 = any free port */
  port?: number;
  codebase?: string;
  faults?: FaultOptions;
}

export interface SandboxRequest {
  method: string;
  /** without the /<codebase>/apis/3.0 prefix */
  path: string;
  query: Record<string, string>;
  /** 0 while the request is in flight, and for a dropped connection */
  status: number;
  fault?: Fault;
}

export interface Sandbox {
  /** 'localhost:PORT', as CW_SITE */
  site: string;
  url: string;
  /** PEM of the self-signed certificate: trust it as a CA */
  ca: string;
  /** live: writes change it */
  data: SandboxData;
  requests: SandboxRequest[];
  setFaults(faults: FaultOptions | undefined): void;
  /** Called synchronously once a write is stored, before its response is sent. */
  onWrite(listener: (request: SandboxRequest, record: CwRecord) => void): void;
  close(): Promise<void>;
}

/** IIS, in front of ConnectWise, refuses longer query strings. */
const MAX_URL_LENGTH = 2048;
const MAX_BODY_BYTES = 1_000_000;
const PARAMETERS = ['conditions', 'childConditions', 'customFieldConditions', 'orderBy', 'fields', 'page', 'pageSize', 'pageId'];

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const { data, credentials } = options;
  const prefix = `/${options.codebase ?? 'v4_6_release'}/apis/3.0`;
  const certificate = await makeCertificate();
  const requests: SandboxRequest[] = [];
  const listeners: Array<(request: SandboxRequest, record: CwRecord) => void> = [];
  const authorization = `Basic ${Buffer.from(`${credentials.companyId}+${credentials.publicKey}:${credentials.privateKey}`).toString('base64')}`;
  let faults = createFaults(options.faults);
  let inFlight = 0;
  let baseUrl = '';

  function respond(request: IncomingMessage, entry: SandboxRequest, text: string): ApiResponse {
    try {
      if ((request.url ?? '').length > MAX_URL_LENGTH) {
        throw new SandboxError(414, 'UriTooLong', `The URL is longer than ${MAX_URL_LENGTH} characters`);
      }
      authenticate(request.headers, authorization, credentials.clientId);
      if (!new URL(request.url ?? '/', baseUrl).pathname.startsWith(`${prefix}/`)) {
        throw notFound(`No resource at ${entry.path}: the API lives under ${prefix}`);
      }
      const forwardOnly = String(request.headers['pagination-type']).toLowerCase() === 'forward-only';
      const api = { method: entry.method, path: entry.path, query: entry.query, forwardOnly, body: parseBody(text) };
      return handle(api, { data, baseUrl, now: new Date() });
    } catch (error) {
      if (error instanceof SandboxError) return { status: error.status, body: error.body };
      throw error;
    }
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = new URL(request.url ?? '/', baseUrl);
    const path = target.pathname.startsWith(`${prefix}/`) ? target.pathname.slice(prefix.length) : target.pathname;
    const entry: SandboxRequest = { method: request.method ?? 'GET', path, query: queryOf(target.searchParams), status: 0 };
    requests.push(entry);
    const current = faults;
    const decision = current.decide(inFlight);
    if (decision?.fault === 'concurrency') return answerFault(response, entry, decision, current);
    inFlight += 1;
    try {
      const text = await readBody(request);
      if (current.latencyMs > 0) await delay(current.latencyMs);
      if (decision) return answerFault(response, entry, decision, current);
      const answer = respond(request, entry, text);
      entry.status = answer.status;
      if (answer.written) for (const listener of listeners) listener(entry, answer.written);
      send(response, answer.status, answer.body, answer.link ? { Link: answer.link } : {});
    } catch (error) {
      const failure =
        error instanceof SandboxError ? error : new SandboxError(500, 'InternalServerError', 'The sandbox failed to answer');
      entry.status = failure.status;
      send(response, failure.status, failure.body);
    } finally {
      inFlight -= 1;
    }
  }

  const server = createServer({ key: certificate.private, cert: certificate.cert }, (request, response) => {
    serve(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const site = `localhost:${(server.address() as AddressInfo).port}`;
  baseUrl = `https://${site}${prefix}`;

  return {
    site,
    url: baseUrl,
    ca: certificate.cert,
    data,
    requests,
    setFaults(next) {
      faults = createFaults(next);
    },
    onWrite(listener) {
      listeners.push(listener);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function answerFault(response: ServerResponse, entry: SandboxRequest, decision: FaultDecision, faults: Faults): void {
  entry.status = decision.status;
  entry.fault = decision.fault;
  if (decision.fault === 'drop') {
    response.socket?.destroy();
    return;
  }
  if (decision.status === 429) {
    const seconds = decision.retryAfterSeconds ?? faults.retryAfterSeconds;
    const body = new SandboxError(429, 'TooManyRequests', `Too many requests: retry after ${seconds} seconds`).body;
    send(response, 429, body, { 'Retry-After': String(seconds) });
    return;
  }
  send(response, decision.status, new SandboxError(decision.status, 'ServerError', 'The server is unavailable').body);
}

function authenticate(headers: IncomingHttpHeaders, authorization: string, clientId: string): void {
  if (headers.authorization === undefined) throw unauthorized('The Authorization header is missing');
  if (!sameSecret(headers.authorization, authorization)) throw unauthorized('The API member credentials are not valid');
  if (headers.clientid !== clientId) throw unauthorized('A registered clientId header is required');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Query parameter names are case-insensitive in ConnectWise; known ones get their usual spelling. */
function queryOf(params: URLSearchParams): Query {
  const query: Query = {};
  for (const [key, value] of params) {
    query[PARAMETERS.find((name) => name.toLowerCase() === key.toLowerCase()) ?? key] = value;
  }
  return query;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SandboxError(413, 'PayloadTooLarge', `The body is above ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid('request', [{ code: 'InvalidJson', message: 'The body is not valid JSON', field: 'body' }]);
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

async function makeCertificate(): Promise<{ private: string; cert: string }> {
  const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000);
  return generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: yesterday,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
}
