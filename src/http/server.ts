import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { settlesWithin } from '../time-limit.js';

export interface HttpServer {
  host: string;
  /** the port listened on: the free one picked when 0 was asked for */
  port: number;
  /** stops taking connections and waits for open requests within the bound, then drops them */
  close(timeoutMs: number): Promise<void>;
}

export class HttpListenError extends Error {
  override readonly name = 'HttpListenError';
}

export async function listen(app: Hono, host: string, port: number): Promise<HttpServer> {
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use' : error.code === 'EADDRNOTAVAIL' ? 'no interface has that address' : error.message;
      reject(new HttpListenError(`cannot serve HTTP on ${host}:${port}: ${why}; set HTTP_HOST and HTTP_PORT`));
    };
    server.once('error', refuse);
    server.listen(port, host, () => {
      server.off('error', refuse);
      resolve();
    });
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    async close(timeoutMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (!(await settlesWithin(closed, timeoutMs))) server.closeAllConnections();
    },
  };
}
