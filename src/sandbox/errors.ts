import type { z } from 'zod';

/** One entry of a ConnectWise error's `errors` array. */
export interface ErrorDetail {
  code: string;
  message: string;
  resource: string;
  field: string;
}

/** An answer in the ConnectWise error shape: `{ code, message, errors[] }` with its HTTP status. */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'SandboxError';
  }

  get body(): { code: string; message: string; errors: ErrorDetail[] } {
    return { code: this.code, message: this.message, errors: this.errors };
  }
}

/** 400 InvalidObject; a single problem is also the top-level message. */
export function invalid(resource: string, details: Array<Omit<ErrorDetail, 'resource'>>): SandboxError {
  const errors = details.map((detail) => ({ ...detail, resource }));
  const message = errors.length === 1 ? errors[0]!.message : `${resource} object is invalid`;
  return new SandboxError(400, 'InvalidObject', message, errors);
}

export function invalidField(resource: string, field: string, message: string): SandboxError {
  return invalid(resource, [{ code: 'InvalidField', message, field }]);
}

export function zodInvalid(resource: string, error: z.ZodError): SandboxError {
  return invalid(
    resource,
    error.issues.map((issue) => ({
      code: 'InvalidField',
      message: issue.path.length > 0 ? `${issue.path.join('/')}: ${issue.message}` : issue.message,
      field: issue.path.join('/'),
    })),
  );
}

export function notFound(message: string): SandboxError {
  return new SandboxError(404, 'NotFound', message);
}

export function unauthorized(message: string): SandboxError {
  return new SandboxError(401, 'Unauthorized', message);
}
