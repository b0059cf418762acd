import type { z } from 'zod';

/** Bad configuration or usage: the CLI prints the message and exits 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

const SECRET_FIELD = /PRIVATE_KEY|PUBLIC_KEY|SMTP_URL|password|secret/i;

/**
 * Turns zod issues into sentences that name the field, the value found and what was expected.
 * Values of secret fields are never echoed.
 */
export function describeIssues(source: string, issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.map((issue) => {
    const path = [...issue.path];
    const field = path.length > 0 ? path.map(String).join('.') : '(root)';
    const where = `${source}: ${field}`;
    if (issue.code === 'unrecognized_keys') {
      const fields = issue.keys.map((key) => [...path, key].map(String).join('.'));
      const verb = fields.length > 1 ? 'are not known settings' : 'is not a known setting';
      return `${source}: ${fields.join(', ')} ${verb} (check the spelling)`;
    }
    const value = valueAt(input, path);
    const shown = value === undefined ? 'missing' : SECRET_FIELD.test(field) ? '(hidden)' : maskCredentials(JSON.stringify(value));
    return `${where} is ${shown}: ${issue.message}`;
  });
}

/**
 * Hides the password of every `user:password@` a text repeats, even in a URL too malformed to
 * parse (`redis//:secret@host`): a mistyped REDIS_URL must not print its password.
 */
function maskCredentials(text: string): string {
  return text.replace(/([^\s"/@:]*):([^\s"/@]+)@/g, (_match, user: string) => `${user}:****@`);
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current == null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
