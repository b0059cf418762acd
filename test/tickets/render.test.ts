import { describe, expect, it } from 'vitest';
import { renderMarker } from '../../src/tickets/marker.js';
import { fixOf } from '../../src/rules/registry.js';
import { listedExceptions } from '../../src/waivers/listed.js';
import { MAX_LISTED, ticketDescription, ticketSummary, updateNote } from '../../src/tickets/render.js';
import { ticketTarget } from '../../src/tickets/target.js';
import { ACME, NOTHING_CHANGED, RUN, descriptionOf, exception, exceptionId, internalException, openIdsOf, report } from './fixtures.js';

const lines = (text: string) => text.split('\n');
const openMarker = (ids: string[]) => renderMarker({ open: new Set(ids), waived: new Set(), answered: new Set() }).join('\n');
const exceptionLines = (text: string) => lines(text).filter((line) => line.startsWith('- ['));

describe('ticketSummary', () => {
  it('names the period and the company', () => {
    expect(ticketSummary('2026-10', 'Acme Corp')).toBe('Billing exceptions 2026-10: Acme Corp');
  });

  it('cuts a long company name to ConnectWise’s 100 characters', () => {
    const summary = ticketSummary('2026-10', 'Very Long Company Name '.repeat(6));
    expect(summary).toHaveLength(100);
    expect(summary).toMatch(/^Billing exceptions 2026-10: Very Long Company Name Very.*…$/);
  });

  it('does not split a character made of two UTF-16 units at the cut', () => {
    const summary = ticketSummary('2026-10', `${'x'.repeat(70)}🎉🎉`);
    expect(summary.length).toBeLessThanOrEqual(100);
    expect(summary.endsWith('x…')).toBe(true);
  });
});

describe('ticketDescription', () => {
  it('lists every record as #id, adding those the message does not name', () => {
    const findings = [exception(1, { records: [{ type: 'timeEntry', id: 101 }, { type: 'agreement', id: 55 }] })];
    const [line] = exceptionLines(descriptionOf(ticketTarget(report(findings), ACME.id, null)!));
    expect(line).toBe(
      `- [error] time.overlap: Time entry #101 by jsmith overlaps another on 2026-10-05 (agreement #55) | 0.50 h | 75.00 | ref ${exceptionId(1)}`,
    );
  });

  it('has a header with the totals and the amount at stake, and a footer naming the run', () => {
    const findings = [exception(1, { amount: '100.10' }), exception(2, { severity: 'warning', amount: '20.05' })];
    const text = descriptionOf(ticketTarget(report(findings), ACME.id, null)!);
    expect(lines(text).slice(0, 3)).toEqual([
      'Billing exceptions 2026-10 for Acme Corp (company #19)',
      'Projected total 6120.00, previous period 4890.00',
      'Open: 2 exceptions (1 error, 1 warning), 120.15 at stake',
    ]);
    expect(text).toContain('Run run-1 (live) finished 2026-11-15 06:00 America/New_York. The next scheduled check: Tue 15 Dec 06:00.');
  });

  it('sorts by severity, then amount', () => {
    const findings = [
      exception(1, { severity: 'warning', amount: '900.00' }),
      exception(2, { amount: '10.00' }),
      exception(3, { amount: '50.00' }),
    ];
    const refs = exceptionLines(descriptionOf(ticketTarget(report(findings), ACME.id, null)!)).map((line) => line.slice(-16));
    expect(refs).toEqual([exceptionId(3), exceptionId(2), exceptionId(1)]);
  });

  it(`lists the ${MAX_LISTED} largest amounts of a long list and says how many more are in the report`, () => {
    const findings = Array.from({ length: 130 }, (_, index) => exception(index + 1, { amount: `${index + 1}.00` }));
    const text = descriptionOf(ticketTarget(report(findings), ACME.id, null)!);
    const shown = exceptionLines(text);
    expect(shown).toHaveLength(MAX_LISTED);
    expect(shown[0]).toContain('| 130.00 |');
    expect(shown.at(-1)).toContain('| 31.00 |');
    expect(text).toContain('… 30 more in the report');
    expect(openIdsOf(text)?.size).toBe(130);
  });

  it('writes ConnectWise values verbatim as plain text, folding line breaks so they cannot forge a marker', () => {
    const company = { ...ACME, name: 'Smith & <Sons> "Ltd"' };
    const message = `Ticket #5 "Printer\nbilling-guard open: none" was closed with no time logged.`;
    const findings = [exception(1, { company, message, records: [{ type: 'ticket', id: 5 }] })];
    const target = ticketTarget(report(findings, { companies: [] }), ACME.id, null)!;
    const text = descriptionOf(target);
    expect(text).toContain('for Smith & <Sons> "Ltd" (company #19)');
    expect(text).toContain('Ticket #5 "Printer billing-guard open: none" was closed');
    expect(ticketSummary('2026-10', company.name)).toBe('Billing exceptions 2026-10: Smith & <Sons> "Ltd"');
    expect(openIdsOf(text)).toEqual(new Set([exceptionId(1)]));
  });
});

describe('parseOpenIds', () => {
  it('reads back the ids a marker was written with', () => {
    const ids = [exceptionId(9), exceptionId(3)];
    expect(openIdsOf(`Some note\n${openMarker(ids)}`)).toEqual(new Set(ids));
    expect(openIdsOf(openMarker([]))).toEqual(new Set());
  });

  it('takes the last marker line, tolerating CRLF line ends', () => {
    const text = `${openMarker([exceptionId(1)])}\r\nlater text\r\n${openMarker([exceptionId(2)])}\r\n`;
    expect(openIdsOf(text)).toEqual(new Set([exceptionId(2)]));
  });

  it('finds no marker in a text without one, or with a malformed one', () => {
    expect(openIdsOf('Called the client about the invoice')).toBeNull();
    expect(openIdsOf('billing-guard open: 12,abc')).toBeNull();
  });
});

describe('how to fix', () => {
  const fixLines = (text: string) => {
    const all = lines(text);
    const start = all.indexOf('How to fix:');
    if (start === -1) return [];
    const end = all.indexOf('', start);
    return all.slice(start + 1, end === -1 ? undefined : end);
  };

  it('follows the exceptions with one line per rule that appears, not one per exception, in the order of the list', () => {
    const findings = [
      exception(1, { severity: 'warning' }),
      exception(2, { rule: 'agreement.mismatch' }),
      exception(3, { severity: 'warning' }),
      exception(4, { rule: 'agreement.mismatch' }),
    ];
    const text = descriptionOf(ticketTarget(report(findings), ACME.id, null)!);
    expect(fixLines(text)).toEqual([
      "- agreement.mismatch: Move the entry to the company's active agreement, or correct the agreement's dates or status.",
      `- time.overlap: ${fixOf('time.overlap')}`,
    ]);
    expect(lines(text).indexOf('How to fix:')).toBeGreaterThan(lines(text).indexOf(exceptionLines(text).at(-1)!));
  });

  it('is read back as no exception line, so a waiver or a resolved exception never takes a fix for a listing', () => {
    const findings = [exception(1), internalException(2, { scope: 'company', company: ACME })];
    const text = descriptionOf(ticketTarget(report(findings), ACME.id, null)!);
    expect(fixLines(text)).toHaveLength(2);
    const listed = listedExceptions([{ id: 1, text, member: null, own: true, createdAt: '2026-11-15T11:00:41Z' }]);
    expect(listed.map((entry) => entry.ref)).toEqual([exceptionId(1), exceptionId(2)]);
  });

  it('skips a rule the registry no longer knows', () => {
    const text = descriptionOf(ticketTarget(report([exception(1, { rule: 'time.retired' })]), ACME.id, null)!);
    expect(text).not.toContain('How to fix:');
  });

  it('is in an update note for the rules of its new and open-again exceptions only', () => {
    const target = ticketTarget(report([exception(1), exception(2, { rule: 'time.unapproved' }), exception(3, { rule: 'time.missing' })]), ACME.id, null)!;
    const [, unapproved, missing] = target.exceptions;
    const marker = { open: new Set(target.exceptions.map((open) => open.id)), waived: new Set<string>(), answered: new Set<number>() };
    const note = updateNote(target, { ...NOTHING_CHANGED, added: [missing!], reopened: [unapproved!] }, marker, RUN);
    expect(fixLines(note)).toEqual([`- time.missing: ${fixOf('time.missing')}`, `- time.unapproved: ${fixOf('time.unapproved')}`]);
    const resolvedOnly = updateNote(target, { ...NOTHING_CHANGED, resolved: [`- ref ${exceptionId(4)}`] }, marker, RUN);
    expect(resolvedOnly).not.toContain('How to fix:');
  });
});

describe('the footer', () => {
  const target = () => ticketTarget(report([exception(1)]), ACME.id, null)!;
  const marker = { open: new Set([exceptionId(1)]), waived: new Set<string>(), answered: new Set<number>() };
  const footerOf = (text: string) => lines(text).find((line) => line.startsWith('Run '));

  it('says when the run finished and when the next scheduled check runs, in the tenant timezone', () => {
    const run = { ...RUN, timezone: 'Europe/Berlin', finishedAt: '2026-11-30T23:30:00.000Z', nextCheck: '2026-12-01T05:00:00.000Z' };
    expect(footerOf(ticketDescription(target(), NOTHING_CHANGED, marker, run))).toBe(
      'Run run-1 (live) finished 2026-12-01 00:30 Europe/Berlin. The next scheduled check: Tue 1 Dec 06:00.',
    );
  });

  it('says so when no check is scheduled, and never names a command', () => {
    const text = ticketDescription(target(), NOTHING_CHANGED, marker, { ...RUN, mode: 'dry-run', nextCheck: null });
    expect(footerOf(text)).toBe('Run run-1 (dry-run) finished 2026-11-15 06:00 America/New_York. No check is scheduled.');
    expect(text).not.toContain('billing-guard run');
  });
});
