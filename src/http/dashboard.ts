import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queue } from 'bullmq';
import type { Hono } from 'hono';
import { renderHtmlPreview } from '../report/html.js';
import type { Report } from '../report/schema.js';
import { basicAuth } from './basic-auth.js';

/** What the dashboard reads of the stored runs. */
export interface StoredRuns {
  /** the stored runs, newest first, as `billing-guard runs` lists them */
  list(): Promise<unknown[]>;
  report(runId: string): Promise<Report | null>;
}

const PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * The queues in Bull Board, read-only, and the stored runs: client financial data, so all of it
 * sits behind Basic auth and is never cached.
 */
export function mountDashboard(app: Hono, { password, queues, runs }: { password: string; queues: readonly Queue[]; runs: StoredRuns }): void {
  const board = new HonoAdapter(serveStatic).setBasePath('/dashboard');
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'billing-guard' } },
  });
  const guard = basicAuth(password);
  for (const path of ['/dashboard', '/dashboard/*', '/runs', '/runs/*']) {
    app.use(path, guard, async (context, next) => {
      await next();
      context.header('Cache-Control', 'no-store');
    });
  }
  // read-only whatever the board's own checks: nothing here changes a queue
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], ['/dashboard', '/dashboard/*'], (context) => context.json({ error: 'the dashboard is read-only' }, 405));
  app.route('/dashboard', board.registerPlugin());

  app.get('/runs', async (context) => context.json(await runs.list()));
  app.get('/runs/:name', async (context) => {
    const name = context.req.param('name');
    const preview = name.endsWith('.html');
    const runId = preview ? name.slice(0, -'.html'.length) : name;
    const report = await runs.report(runId);
    if (!report) return context.json({ error: 'no such stored run: unknown, or past its retention' }, 404);
    if (!preview) return context.json(report);
    return context.html(renderHtmlPreview(report), 200, { 'Content-Security-Policy': PREVIEW_POLICY });
  });
}
