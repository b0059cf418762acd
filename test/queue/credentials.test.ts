import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, producerRedis, RedisUnavailableError } from '../../src/queue/connection.js';
import { ownRedis, type OwnRedis } from '../support/redis-server.js';

const PASSWORD = 'Pw-right-4f1c';

describe('a Redis that refuses the credentials', () => {
  let redis: OwnRedis;
  beforeAll(async () => {
    redis = await ownRedis({ password: PASSWORD });
    await redis.start();
  });
  afterAll(() => redis.stop());

  it.each([
    ['a wrong password', `redis://:Pw-wrong-9a2b@127.0.0.1:PORT`],
    ['no password', `redis://127.0.0.1:PORT`],
  ])('says authentication failed for %s, without repeating the password', async (_case, template) => {
    const url = template.replace('PORT', String(redis.port));
    const refused = connectRedis(producerRedis(url), url);
    await expect(refused).rejects.toBeInstanceOf(RedisUnavailableError);
    const message = await refused.catch((error: Error) => error.message);
    expect(message).toContain('authentication failed');
    expect(message).not.toContain('Pw-');
  });

  it('connects with the right password', async () => {
    const connection = await connectRedis(producerRedis(redis.url), redis.url);
    expect(await connection.ping()).toBe('PONG');
    await connection.quit();
  });
});
