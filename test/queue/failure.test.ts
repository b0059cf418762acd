import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { failureOf, safeFailure } from '../../src/queue/failure.js';
import { TicketSetupError } from '../../src/tickets/setup.js';

/** What the command waiting for a job reads back: the failed reason BullMQ stored from the thrown error's message. */
const crossQueue = (error: unknown, secrets: string[] = []) => failureOf(safeFailure(error, secrets).message);

describe('a job failure crossing the queue', () => {
  it('keeps a wrong ticket setting a configuration mistake, with its message whole', () => {
    const error = new TicketSetupError([{ setting: 'board', value: 'Billing Exeptions', problem: 'is not one of the service boards: "Service Desk"' }]);
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
