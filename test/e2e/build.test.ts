import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { envSchema } from '../../src/config/env.js';
import { deleteKeys, REDIS_URL, testRedis, uniquePrefix } from '../support/redis.js';

/**
 * What the Docker image runs, without Docker: each stage of the Dockerfile is laid out in a
 * folder of its own exactly as its COPY instructions say, the build stage runs `npm run build`,
 * and the runtime stage runs its ENTRYPOINT and CMD and its HEALTHCHECK command. The checkout's
 * node_modules stands for `npm ci`; that the build needs only production dependencies is
 * checked from what it imports.
 */

const CHECKOUT = fileURLToPath(new URL('../..', import.meta.url));

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  name: string;
  workdir: string;
  instructions: Instruction[];
  /** the folder standing for the stage's WORKDIR */
  folder: string;
}

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function readDockerfile(): Omit<Stage, 'folder'>[] {
  const lines = readFileSync(join(CHECKOUT, 'Dockerfile'), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Omit<Stage, 'folder'>[] = [];
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      stages.push({ name: /\sAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.length), workdir: '/', instructions: [] });
    } else {
      const stage = stages.at(-1)!;
      if (keyword.toUpperCase() === 'WORKDIR') stage.workdir = args;
      stage.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

function argsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
}

/** Copies as `COPY [--from=stage] source... dest` does, into the stage's folder. */
function copyInto(stage: Stage, args: string, stages: Map<string, Stage>): void {
  const words = args.split(/\s+/);
  const from = words[0]?.startsWith('--from=') ? stages.get(words.shift()!.slice('--from='.length)) : undefined;
  const dest = words.pop()!;
  const target = join(stage.folder, isAbsolute(dest) ? relative(stage.workdir, dest) : dest);
  for (const source of words) {
    const path = from ? join(from.folder, relative(from.workdir, source)) : join(CHECKOUT, source);
    const intoFolder = !statSync(path).isDirectory() && (words.length > 1 || dest.endsWith('/'));
    cpSync(path, intoFolder ? join(target, basename(source)) : target, { recursive: true });
  }
}

function layOut(stage: Omit<Stage, 'folder'>, stages: Map<string, Stage>): Stage {
  const laidOut = { ...stage, folder: realpathSync(mkdtempSync(join(tmpdir(), `billing-guard-image-${stage.name}-`))) };
  for (const args of argsOf(laidOut, 'COPY')) copyInto(laidOut, args, stages);
  symlinkSync(join(CHECKOUT, 'node_modules'), join(laidOut.folder, 'node_modules'), 'dir');
  stages.set(stage.name, laidOut);
  return laidOut;
}

function run(command: string, args: string[], options: { cwd: string; env: Record<string, string> }): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** The package names of every bare import in the built JavaScript. */
function packagesImported(folder: string): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.js')) continue;
    for (const [, specifier = ''] of readFileSync(join(folder, file), 'utf8').matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) continue;
      const parts = specifier.split('/');
      names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return names;
}

/** Resolves with the first JSON log line whose msg is `message`; rejects with what was logged if the process ends first. */
function logged(child: ChildProcess, message: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let output = '';
    let partial = '';
    const onData = (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        output += `${line}\n`;
        const entry = line.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : {};
        if (entry.msg !== message) continue;
        child.stderr!.off('data', onData);
        resolve(entry);
        return;
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before logging "${message}":\n${output}`)));
  });
}

describe('the Docker image', () => {
  const stages = new Map<string, Stage>();
  let build: Stage;
  let runtime: Stage;
  let worker: ChildProcess | undefined;
  const prefix = uniquePrefix('image');
  const env = {
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
    NODE_ENV: 'production',
    // no test reads a .env: one in a checkout must never point a test at a real ConnectWise
    ENV_FILE: 'none',
    CW_SITE: 'connectwise.example.com',
    CW_COMPANY_ID: 'msp',
    CW_PUBLIC_KEY: 'image-test-public-key',
    CW_PRIVATE_KEY: 'image-test-private-key',
    CW_CLIENT_ID: '00000000-0000-0000-0000-000000000000',
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'info',
  };

  beforeAll(async () => {
    const [buildStage, runtimeStage] = readDockerfile();
    build = layOut(buildStage!, stages);
    expect(argsOf(build, 'RUN')).toContain('npm run build');
    const built = await run('npm', ['run', 'build'], { cwd: build.folder, env: { PATH: env.PATH, HOME: process.env.HOME ?? '' } });
    expect(built.code, `npm run build failed:\n${built.stdout}${built.stderr}`).toBe(0);
    runtime = layOut(runtimeStage!, stages);
  }, 180_000);

  afterAll(async () => {
    worker?.kill('SIGKILL');
    for (const stage of stages.values()) rmSync(stage.folder, { recursive: true, force: true });
    const redis = testRedis();
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  const entryPoint = () => {
    const [tini, separator, node, ...script] = JSON.parse(argsOf(runtime, 'ENTRYPOINT')[0]!) as string[];
    expect([tini, separator, node]).toEqual(['/usr/bin/tini', '--', 'node']);
    return [process.execPath, ...script];
  };

  it('runs as the unprivileged node user, with production dependencies only, and exposes the default HTTP port', () => {
    expect(argsOf(runtime, 'USER')).toEqual(['node']);
    expect(argsOf(runtime, 'RUN').some((args) => args.includes('npm ci --omit=dev'))).toBe(true);
    const { dependencies } = JSON.parse(readFileSync(join(runtime.folder, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const devOnly = [...packagesImported(join(runtime.folder, 'dist'))].filter((name) => !Object.hasOwn(dependencies, name));
    expect(devOnly).toEqual([]);
    expect(argsOf(runtime, 'EXPOSE')).toEqual([String(envSchema.shape.HTTP_PORT.parse(undefined))]);
  });

  it('validates and prints its own configuration with `config`, secrets masked', async () => {
    const [node, ...script] = entryPoint();
    const result = await run(node!, [...script, 'config'], { cwd: runtime.folder, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('pre-invoice-validation');
    expect(result.stdout).not.toContain(env.CW_PRIVATE_KEY);
  });

  it('prints the package version with `--version`, through the symlink npm installs for its bin', async () => {
    const { bin, version } = JSON.parse(readFileSync(join(runtime.folder, 'package.json'), 'utf8')) as { bin: Record<string, string>; version: string };
    const link = join(runtime.folder, 'billing-guard');
    symlinkSync(join(runtime.folder, bin['billing-guard']!), link);
    const result = await run(process.execPath, [link, '--version'], { cwd: runtime.folder, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('starts with its CMD, answers /healthz and its HEALTHCHECK, and exits 0 on SIGTERM', async () => {
    // the shipped schedules, without a catch-up fire that would start a run against a ConnectWise that is not there
    const config = YAML.parse(readFileSync(join(runtime.folder, 'config/billing.yaml'), 'utf8')) as { schedules: object[] };
    config.schedules = config.schedules.map((schedule) => ({ ...schedule, catchUpHours: 0 }));
    writeFileSync(join(runtime.folder, 'config/no-catch-up.yaml'), YAML.stringify(config));
    const [node, ...script] = entryPoint();
    const command = JSON.parse(argsOf(runtime, 'CMD')[0]!) as string[];
    expect(command).toEqual(['start']);
    worker = spawn(node!, [...script, ...command], {
      cwd: runtime.folder,
      env: { ...env, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', BILLING_CONFIG: 'config/no-catch-up.yaml' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => worker!.once('exit', resolve));
    const { port } = await logged(worker, 'http server listening');
    expect(port).toEqual(expect.any(Number));
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    // Docker runs a shell-form HEALTHCHECK with /bin/sh -c, in the container's environment
    const healthcheck = /\bCMD\s+(.*)$/.exec(argsOf(runtime, 'HEALTHCHECK')[0] ?? '')?.[1] ?? '';
    const probe = () => run('/bin/sh', ['-c', healthcheck], { cwd: runtime.folder, env: { PATH: env.PATH, HTTP_PORT: String(port) } });
    expect((await probe()).code).toBe(0);

    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect((await probe()).code).toBe(1);
  }, 60_000);
});

describe('the compose file', () => {
  interface Service {
    command?: string[];
    healthcheck?: { test: string[] };
    env_file?: string;
    environment?: Record<string, string>;
    ports?: string[];
    volumes?: string[];
    depends_on?: Record<string, { condition: string }>;
    stop_grace_period?: string;
  }
  const { services } = YAML.parse(readFileSync(join(CHECKOUT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
  const redis = services.redis!;
  const worker = services.worker!;

  it('keeps Redis data (AOF, no eviction) and starts the worker once Redis answers', () => {
    expect(redis.command?.join(' ')).toMatch(/--appendonly yes\b.*--maxmemory-policy noeviction\b/);
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(worker.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect(worker.environment?.REDIS_URL).toBe('redis://redis:6379');
  });

  it('publishes the HTTP port on localhost only, reads .env, and mounts the config read-only where the image looks', () => {
    const port = worker.environment?.HTTP_PORT;
    expect(worker.ports).toEqual([`127.0.0.1:${port}:${port}`]);
    expect(worker.env_file).toBe('.env');
    const workdir = readDockerfile().at(-1)!.workdir;
    expect(worker.volumes).toContain(`./config:${workdir}/config:ro`);
    expect(worker.environment?.BILLING_CONFIG).toBe(`${workdir}/config/billing.yaml`);
  });

  it('reads a .env that starts from .env.example, which names every variable of the environment', () => {
    const example = readFileSync(join(CHECKOUT, '.env.example'), 'utf8');
    const named = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map(([, name]) => name));
    expect(Object.keys(envSchema.shape).filter((name) => !named.has(name))).toEqual([]);
  });

  it('gives a stop more time than the worker takes to finish its jobs', () => {
    const [, seconds = '0'] = /^(\d+)s$/.exec(worker.stop_grace_period ?? '') ?? [];
    expect(Number(seconds)).toBeGreaterThan(envSchema.shape.SHUTDOWN_GRACE_SECONDS.parse(undefined));
  });
});
