import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP peer received it. */
export interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** An SMTP reply the peer answers with instead of accepting, or null to accept. */
export type Refusal = { code: number; message: string } | null;

export interface SmtpPeer {
  url: string;
  received: Received[];
  /** decides each RCPT TO; the default accepts every recipient */
  onRecipient: (address: string) => Refusal;
  /** decides each DATA; the default accepts every message */
  onMessage: () => Refusal;
  close(): Promise<void>;
}

function refusal(reply: NonNullable<Refusal>): Error {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

/**
 * A real SMTP server on 127.0.0.1 (a random port) for tests: plain, local, without STARTTLS
 * or AUTH, so the product's client talks to it unchanged.
 */
export async function startSmtpPeer(): Promise<SmtpPeer> {
  const peer: SmtpPeer = {
    url: '',
    received: [],
    onRecipient: () => null,
    onMessage: () => null,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const reply = peer.onRecipient(address.address);
      callback(reply ? refusal(reply) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const reply = peer.onMessage();
        if (reply) return callback(refusal(reply));
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        peer.received.push({ from, to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  peer.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return peer;
}

/** Refuses the first `times` calls with the reply, then accepts. */
export function refuseFirst(times: number, reply: NonNullable<Refusal>): () => Refusal {
  let calls = 0;
  return () => (++calls <= times ? reply : null);
}
