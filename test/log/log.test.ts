import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

describe('logger', () => {
  it('redacts every field that could carry a credential, at the top level and one level down', () => {
    const { logger, lines } = capture();
    logger.info({
      privateKey: 'pk-secret-1',
      authorization: 'Basic c2VjcmV0',
      CW_PRIVATE_KEY: 'pk-secret-2',
      request: { headers: { Authorization: 'Basic c2VjcmV0' }, password: 'pw-secret' },
      error: { config: { headers: { Authorization: 'Basic c2VjcmV0' } } },
      kept: 'visible',
    });
    const line = lines.join('');
    for (const secret of ['pk-secret-1', 'pk-secret-2', 'c2VjcmV0', 'pw-secret']) expect(line).not.toContain(secret);
    expect(line).toContain('visible');
    expect(JSON.parse(line).privateKey).toBe('[redacted]');
  });

  it('writes one JSON object per line with the level and message', () => {
    const { logger, lines } = capture();
    logger.child({ job: 'validate' }).warn('slow page');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, job: 'validate', msg: 'slow page', service: 'billing-guard' });
  });
});
