import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { ConnectWiseError } from '../../src/connectwise/errors.js';
import { MailDeliveryError } from '../../src/mail/transport.js';
import { RedisUnavailableError } from '../../src/queue/connection.js';
import { failureOf, isPermanent, safeFailure } from '../../src/queue/failure.js';
import { TicketLockBusyError } from '../../src/tickets/lock.js';
import { TicketSetupError } from '../../src/tickets/setup.js';

/** What the command waiting for a job reads back: the failed reason BullMQ stored from the thrown error's message. */
const crossQueue = (error: unknown, secrets: string[] = []) => failureOf(safeFailure(error, secrets).message);

const wrongBoard = () =>
  new TicketSetupError([{ setting: 'board', value: 'Billing Exeptions', problem: 'is not one of the service boards: "Service Desk"' }]);
const connectWise = (status: number | null, retryable: boolean) =>
  new ConnectWiseError({ status, method: 'get', path: '/service/boards', serverMessage: 'refused', retryable });

describe('which failures no retry can fix', () => {
  it.each<[string, unknown]>([
    ['a configuration error', new ConfigError(['connectwise.pageSize is 5000: Too big'])],
    ['a ticket setting ConnectWise does not know', wrongBoard()],
    ['an error already marked unrecoverable', new UnrecoverableError('no processor')],
    ['ConnectWise refusing the request (400)', connectWise(400, false)],
    ['ConnectWise refusing the credentials (401)', connectWise(401, false)],
    ['ConnectWise not finding the record (404)', connectWise(404, false)],
    ['a host that does not exist', connectWise(null, false)],
    ['the mail server refusing a message for good', new MailDeliveryError('550 no such user', true)],
  ])('%s is permanent', (_case, error) => {
    expect(isPermanent(error)).toBe(true);
    expect(safeFailure(error, [])).toBeInstanceOf(UnrecoverableError);
  });

  it.each<[string, unknown]>([
    ['ConnectWise throttling (429)', connectWise(429, true)],
    ['ConnectWise unavailable (503)', connectWise(503, true)],
    ['a connection reset', connectWise(null, true)],
    ['a mail server that is down or refuses the login', new MailDeliveryError('connection refused', false)],
    ['a ticket lock held by another worker', new TicketLockBusyError('busy')],
    ['Redis unreachable', new RedisUnavailableError('Redis is not reachable')],
    ['any other error', new Error('the report of run r1 is gone from Redis')],
    ['a thrown string', 'boom'],
    ['nothing', undefined],
  ])('%s is retried', (_case, error) => {
    expect(isPermanent(error)).toBe(false);
    expect(safeFailure(error, [])).not.toBeInstanceOf(UnrecoverableError);
  });

  it('keeps a permanent configuration failure naming the setting, scrubbed of secrets', () => {
    const failure = safeFailure(new ConfigError(['CW_SITE is "api.example.com/s3cret": Invalid URL']), ['s3cret']);
    expect(failure).toBeInstanceOf(UnrecoverableError);
    expect(failure.name).toBe('ConfigError');
    expect(failureOf(failure.message)).toEqual({ reason: 'CW_SITE is "api.example.com/[redacted]": Invalid URL', configurationMistake: true });
  });
});

describe('a job failure crossing the queue', () => {
  it('keeps a wrong ticket setting a configuration mistake, with its message whole', () => {
    const error = wrongBoard();
    expect(crossQueue(error)).toEqual({ reason: error.message, configurationMistake: true });
  });

  it('keeps a configuration error a configuration mistake', () => {
    expect(crossQueue(new ConfigError(['tickets.board is missing']))).toEqual({ reason: 'tickets.board is missing', configurationMistake: true });
  });

  it('leaves any other failure an ordinary one, scrubbed of secrets', () => {
    expect(crossQueue(new Error('ConnectWise refused key s3cret'), ['s3cret'])).toEqual({
      reason: 'ConnectWise refused key [redacted]',
      configurationMistake: false,
    });
  });

  it('keeps a permanent failure permanent and its name', () => {
    const failure = safeFailure(Object.assign(new Error('no such company'), { name: 'ConnectWiseError', permanent: true }), []);
    expect(failure).toBeInstanceOf(UnrecoverableError);
    expect(failure.name).toBe('ConnectWiseError');
  });
});
