import { UnrecoverableError } from 'bullmq';
import { scrubSecrets } from '../config/env.js';
import { ConfigError } from '../config/errors.js';
import { TicketSetupError } from '../tickets/setup.js';

/**
 * A failed job leaves only text in Redis (its failed reason). A configuration mistake keeps
 * its kind across the queue by this mark at the start of the reason, so the command waiting
 * for the job fails as on any other configuration mistake.
 */
const CONFIGURATION_MISTAKE = 'configuration mistake: ';

/** How a job failed, read back from Redis. */
export interface JobFailure {
  reason: string;
  /** a setting is wrong (a name that does not exist): fixing the configuration fixes the run */
  configurationMistake: boolean;
}

/**
 * An error that no retry can fix, whatever the job: wrong configuration (a ConfigError, or a
 * tickets.* name ConnectWise does not know), or ConnectWise refusing the request (4xx other
 * than 429). The one place that decides: the worker fails such a job at its first attempt,
 * and no processor wraps its own errors.
 */
export function isPermanent(error: unknown): boolean {
  if (error instanceof UnrecoverableError || isConfigurationMistake(error)) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { permanent, retryable } = error as { permanent?: unknown; retryable?: unknown };
  return permanent === true || retryable === false;
}

/** A setting is wrong: only the admin fixing the configuration fixes the job. */
function isConfigurationMistake(error: unknown): boolean {
  return error instanceof ConfigError || error instanceof TicketSetupError;
}

/**
 * The error a failed job leaves in Redis (its failed reason and stack) carries no credential
 * and no raw client error: only the message, scrubbed, marked when the configuration is wrong.
 */
export function safeFailure(error: unknown, secrets: readonly string[]): Error {
  const message = scrubSecrets(error instanceof Error ? error.message : String(error), secrets);
  const reason = isConfigurationMistake(error) ? `${CONFIGURATION_MISTAKE}${message}` : message;
  const safe = isPermanent(error) ? new UnrecoverableError(reason) : new Error(reason);
  safe.name = error instanceof Error ? error.name : 'Error';
  return safe;
}

export function failureOf(failedReason: string | undefined): JobFailure {
  const reason = failedReason ?? 'no reason recorded';
  return reason.startsWith(CONFIGURATION_MISTAKE)
    ? { reason: reason.slice(CONFIGURATION_MISTAKE.length), configurationMistake: true }
    : { reason, configurationMistake: false };
}
