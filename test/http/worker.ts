import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import YAML from 'yaml';
import { bootstrap } from '../../src/bootstrap.js';
import { startWorker } from '../../src/commands/start.js';
import { SANDBOX_CONFIG } from '../../src/sandbox/files.js';
import type { Services } from '../../src/services.js';
import { writeTemporaryFile } from '../support/files.js';
import type { SandboxWorld } from '../support/sandbox.js';

/** The stop signal the tests send: only startWorker listens to it, and only in this test process. */
const STOP: NodeJS.Signals = 'SIGUSR2';

export interface StartedWorker {
  services: Services;
  /** http://host:port of the worker's own server */
  url: string;
  /** every log line of the worker, as written */
  logs: string[];
  /** resolves once the worker has stopped */
  stopped: Promise<void>;
  /** sends the stop signal; resolves at once, before the worker has stopped */
  signalStop(): void;
  stop(): Promise<void>;
}

/** `billing-guard start` as the CLI starts it, in this process, on a free port, pointed at the world's sandbox. */
export async function startedWorker(world: SandboxWorld, env: Record<string, string> = {}): Promise<StartedWorker> {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const services = await bootstrap({
    env: { ...world.env, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', ...env },
    connectWiseCa: world.sandbox.ca,
    logger: pino({ level: 'info' }, destination),
  });
  const stopped = startWorker(services, [STOP]);
  const port = await listeningPort(logs, stopped);
  const signalStop = () => void process.emit(STOP, STOP);
  return {
    services,
    url: `http://127.0.0.1:${port}`,
    logs,
    stopped,
    signalStop,
    async stop() {
      signalStop();
      await stopped;
    },
  };
}

async function listeningPort(logs: string[], stopped: Promise<void>): Promise<number> {
  let failed: unknown = null;
  stopped.catch((error: unknown) => (failed = error));
  for (;;) {
    if (failed) throw failed;
    const line = logs.map((each) => JSON.parse(each) as { msg: string; port?: number }).find((each) => each.msg === 'http server listening');
    if (line?.port) return line.port;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The sandbox's configuration with catch-up off: a worker started within 72 h of a real fire
 * date would otherwise enqueue that fire's run in the middle of the test.
 */
export function configWithoutCatchUp(): string {
  const document = YAML.parseDocument(readFileSync(SANDBOX_CONFIG, 'utf8'));
  const schedules = document.getIn(['schedules']) as YAML.YAMLSeq<YAML.YAMLMap>;
  for (const schedule of schedules.items) schedule.set('catchUpHours', 0);
  return writeTemporaryFile('billing.yaml', document.toString());
}
