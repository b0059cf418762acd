import { z } from 'zod';
import nodeCron from 'node-cron';
import { isValidTimezone } from '../calendar.js';
import type { RuleSettings } from '../rules/settings.js';
import { countsSchema } from '../counts/config.js';
import { configWaiverSchema } from '../waivers/config.js';

const identifier = z.string().trim().regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, - or _ (no spaces or colons)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD');
const name = z.string().trim().min(1);

// Intl.NumberFormat formats any three letters; only the codes it knows are currencies
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const RETIRED_REQUESTS_PER_SECOND =
  'no longer a setting: use connectwise.requestsPerMinute (ConnectWise throttles above about 1,000 a minute; default 900)';

const cronExpression = z.string().superRefine((expression, context) => {
  const validation = nodeCron.validateDetailed(expression);
  if (!validation.valid) {
    const details = validation.errors.map((error) => error.message).join('; ');
    context.addIssue({ code: 'custom', message: `expected a cron expression (minute hour day-of-month month day-of-week): ${details}` });
  }
});

const scheduleSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes'),
    cron: cronExpression,
    job: z.enum(['validate', 'remind']),
    audience: z.enum(['technicians', 'finance']).optional(),
    /** a fire missed while no worker ran is caught up at start when it is at most this old */
    catchUpHours: z.number().int().min(0).max(24 * 31).default(72),
  })
  .strict()
  .superRefine((schedule, context) => {
    if (schedule.job === 'remind' && schedule.audience === undefined) {
      context.addIssue({ code: 'custom', path: ['audience'], message: 'required for a remind job: technicians or finance' });
    }
    if (schedule.job === 'validate' && schedule.audience !== undefined) {
      context.addIssue({ code: 'custom', path: ['audience'], message: 'only remind jobs have an audience' });
    }
  });

export type Schedule = z.infer<typeof scheduleSchema>;

const DEFAULT_SCHEDULES: Schedule[] = [
  { name: 'time-cutoff-reminder', cron: '0 9 12 * *', job: 'remind', audience: 'technicians', catchUpHours: 72 },
  { name: 'pre-invoice-validation', cron: '0 6 15 * *', job: 'validate', catchUpHours: 72 },
  { name: 'finance-digest', cron: '0 8 15 * *', job: 'remind', audience: 'finance', catchUpHours: 72 },
];

export const billingSchema = z
  .object({
    // the tenant is part of every ticket key, which ConnectWise caps at 100 characters
    tenant: identifier.max(40).default('default'),
    timezone: z
      .string()
      .refine(isValidTimezone, 'expected an IANA timezone such as America/New_York')
      .default('America/New_York'),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .refine((code) => CURRENCIES.has(code), 'expected an ISO 4217 currency code such as USD or EUR')
      .default('USD'),
    period: z.literal('previous-month').default('previous-month'),
    calendar: z.object({ holidays: z.array(isoDate).default([]) }).strict().default({ holidays: [] }),
    members: z
      .object({
        licenseClasses: z.array(z.enum(['A', 'C', 'F', 'X'])).min(1).default(['F']),
        exclude: z.array(name).default([]),
      })
      .strict()
      .default({ licenseClasses: ['F'], exclude: [] }),
    schedules: z
      .array(scheduleSchema)
      .default(DEFAULT_SCHEDULES)
      .superRefine((schedules, context) => {
        const seen = new Set<string>();
        schedules.forEach((schedule, index) => {
          if (seen.has(schedule.name)) context.addIssue({ code: 'custom', path: [index, 'name'], message: 'schedule names must be unique' });
          seen.add(schedule.name);
        });
      }),
    rules: z.record(z.string(), z.unknown()).nullish().transform((rules) => rules ?? {}),
    tickets: z
      .object({
        board: name.default('Billing Exceptions'),
        status: name.default('New'),
        resolvedStatus: name.default('Closed'),
        priority: name.nullable().default(null),
        type: name.nullable().default(null),
        internalCompany: name.nullable().default(null),
      })
      .strict()
      .prefault({}),
    mail: z
      .object({
        finance: z.array(z.email()).default([]),
        /** a person technicians can ask: the Reply-To of their reminders */
        replyTo: z.email().nullable().default(null),
      })
      .strict()
      .prefault({}),
    // rule ids are checked against the rule registry when the file is loaded
    waivers: z
      .array(configWaiverSchema)
      .nullish()
      .transform((waivers) => waivers ?? []),
    counts: countsSchema.prefault({}),
    connectwise: z
      .object({
        /** where people open ConnectWise; null: derived from CW_SITE */
        webUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
        pageSize: z.number().int().min(1).max(1000).default(1000),
        concurrency: z.number().int().min(1).max(32).default(4),
        // a margin under the ~1,000 a minute ConnectWise's developer guide names; an on-premise server may allow more
        requestsPerMinute: z.number().int().min(1).max(100_000).default(900),
        requestsPerSecond: z.never({ error: RETIRED_REQUESTS_PER_SECOND }).optional(),
        timeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
        maxRetries: z.number().int().min(0).max(20).default(6),
      })
      .strict()
      .transform(({ requestsPerSecond: _retired, ...settings }) => settings)
      .prefault({}),
  })
  .strict();

export type BillingConfig = Omit<z.infer<typeof billingSchema>, 'rules'> & {
  rules: Map<string, RuleSettings>;
};
