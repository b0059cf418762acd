/**
 * Just enough MIME reading to check what a mail client would show: the top-level headers and
 * the decoded text/plain and text/html parts of a multipart/alternative message.
 */

export interface ParsedMail {
  headers: Map<string, string>;
  text: string;
  html: string;
  /** parts sent as files, by file name */
  attachments: Map<string, { contentType: string; content: string }>;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function split(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { head: raw, body: '' };
  return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

function decode(body: string, encoding: string | undefined): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

export function parseMail(raw: string): ParsedMail {
  const { head, body } = split(raw);
  const headers = parseHeaders(head);
  const found: ParsedMail = { headers, text: '', html: '', attachments: new Map() };
  readParts(headers, body, found);
  return found;
}

/** The parts of a multipart body, nested multiparts (an alternative inside a mixed message) read in turn. */
function readParts(headers: Map<string, string>, body: string, found: ParsedMail): void {
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  if (!boundary) throw new Error('not a multipart message');
  for (const part of body.split(`--${boundary}`).slice(1, -1)) {
    const { head: partHead, body: partBody } = split(part.replace(/^\r?\n/, ''));
    const partHeaders = parseHeaders(partHead);
    const type = partHeaders.get('content-type') ?? '';
    if (type.startsWith('multipart/')) {
      readParts(partHeaders, partBody, found);
      continue;
    }
    const content = decode(partBody.replace(/\r?\n$/, ''), partHeaders.get('content-transfer-encoding'));
    const filename = /filename="?([^";]+)"?/.exec(partHeaders.get('content-disposition') ?? '')?.[1];
    if (filename !== undefined) found.attachments.set(filename, { contentType: type, content });
    else if (type.startsWith('text/plain')) found.text = content;
    else if (type.startsWith('text/html')) found.html = content;
  }
}
