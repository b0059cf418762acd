import { parseEnv, type Env } from '../../src/config/env.js';
import type { OutgoingMail, ScheduleFire } from '../../src/mail/message.js';
import type { ReportDisplay } from '../../src/report/schema.js';

export const FROM = 'billing-guard@msp.example';

/** The environment the worker would read, with SMTP_URL or the outbox chosen by the test. */
export function mailEnv(overrides: { SMTP_URL?: string; MAIL_OUTBOX_DIR?: string; QUEUE_PREFIX?: string } = {}): Env {
  return parseEnv({
    CW_SITE: 'cw.example.test',
    CW_COMPANY_ID: 'msp',
    CW_PUBLIC_KEY: 'pubKEY5aQ81xLm',
    CW_PRIVATE_KEY: 'privSECRET9zTq44Wv',
    CW_CLIENT_ID: 'client-1',
    MAIL_FROM: FROM,
    ...overrides,
  });
}

export function fireOf(schedule: string, fireDate = '2026-11-12'): ScheduleFire {
  return { tenant: 'default', schedule, fireDate };
}

export function mailTo(to: string, subject = 'Time entries to fix before billing on Nov 15'): OutgoingMail {
  return { to, subject, text: `Hi,\n\nplease fix your time.\n`, html: '<p>Hi,</p><p>please fix your time.</p>' };
}

/** A tenant whose ConnectWise opens at https://na.myconnectwise.net. */
export const DISPLAY: ReportDisplay = { timezone: 'America/New_York', currency: 'USD', webUrl: 'https://na.myconnectwise.net', codebase: 'v4_6_release', companyId: 'msp' };

/** Where a record of DISPLAY's tenant opens. */
export const opens = (recordType: string, id: number) =>
  `https://na.myconnectwise.net/v4_6_release/services/system_io/router/openrecord.rails?locale=en_US&amp;companyName=msp&amp;recordType=${recordType}&amp;recid=${id}`;
