import type { ReportDisplay } from '../../src/report/schema.js';

/** Reading a rendered preview the way a test asserts on it. */

export const NEW_YORK: ReportDisplay = {
  timezone: 'America/New_York',
  currency: 'USD',
  webUrl: 'https://na.myconnectwise.net',
  codebase: 'v2025_1',
  companyId: 'acmemsp',
};

/** The ConnectWise link to a record, as it appears in the page's markup. */
export function cwLink(recordType: string, id: number): string {
  return `href="https://na.myconnectwise.net/v2025_1/services/system_io/router/openrecord.rails?locale=en_US&amp;companyName=acmemsp&amp;recordType=${recordType}&amp;recid=${id}"`;
}

/** The text of each company section's heading, without its markup, in page order. */
export function companyHeadings(page: string): string[] {
  return [...page.matchAll(/<section class="company">\s*<h2>([\s\S]*?)<\/h2>/g)].map((match) => match[1]!.replace(/<[^>]*>/g, '').trim());
}

/** The part of the page from one marker to the next (or to the end). */
export function between(page: string, from: string, to?: string): string {
  const start = page.indexOf(from);
  if (start < 0) throw new Error(`not in the page: ${from}`);
  const end = to === undefined ? -1 : page.indexOf(to, start + from.length);
  return end < 0 ? page.slice(start) : page.slice(start, end);
}

/** The rows of the table of companies with nothing to fix, as their cells' text. */
export function quietRows(page: string): string[][] {
  const table = between(page, '<section class="quiet part">', '</section>');
  return [...table.matchAll(/<tr><td>([\s\S]*?)<\/tr>/g)].map((row) =>
    `<td>${row[1]}`.split('</td>').slice(0, -1).map((cell) => cell.replace(/<[^>]*>/g, '').trim()),
  );
}
