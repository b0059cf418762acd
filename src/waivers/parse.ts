/**
 * Waiver lines finance writes in a note of an exception ticket:
 * `billing-guard waive <ref>[, <ref>…]: <reason>`. Pure: a note's text in, its waiver lines out.
 */

export interface WaiverLine {
  /** the line as written, trimmed: answers quote it */
  line: string;
  /** the exception ids it names, lower-case; what is not a 16-hex id is kept to be answered */
  refs: string[];
  /** words after the colon; null when there is none */
  reason: string | null;
}

const WAIVER_LINE = /^\s*billing-guard\s+waive\b(.*)$/gim;

/** Every waiver line of a note, in the order written. */
export function parseWaiverLines(text: string): WaiverLine[] {
  const lines: WaiverLine[] = [];
  for (const match of text.matchAll(WAIVER_LINE)) {
    const rest = match[1]!;
    const colon = rest.indexOf(':');
    const refsPart = colon === -1 ? rest : rest.slice(0, colon);
    const reason = colon === -1 ? '' : rest.slice(colon + 1).trim();
    lines.push({
      line: match[0].trim(),
      refs: refsPart
        .split(/[\s,]+/)
        .filter((ref) => ref.length > 0)
        .map((ref) => ref.toLowerCase()),
      reason: reason.length > 0 ? reason : null,
    });
  }
  return lines;
}
