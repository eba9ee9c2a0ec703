import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  messageId: string;
  /** The text body, transfer encoding undone (a single-part text mail, as the outbox sends). */
  text: string;
}

/** Decodes RFC 2047 encoded words (nodemailer writes Japanese subjects as =?UTF-8?B?…?=). */
export function decodeHeader(value: string): string {
  return value.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
  );
}

function header(raw: string, name: string): string {
  const m = new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw);
  return m ? decodeHeader(m[1].replace(/\r?\n[ \t]/g, ' ').trim()) : '';
}

/** The body of a single-part mail, its Content-Transfer-Encoding (base64, quoted-printable, 7/8bit) undone. */
function textBody(raw: string): string {
  const at = raw.search(/\r?\n\r?\n/);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const encoding = header(raw, 'Content-Transfer-Encoding').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const src = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < src.length; i++) {
      const hex = src.slice(i + 1, i + 3);
      if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else bytes.push(...Buffer.from(src[i], 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/** A real SMTP server on loopback for the tests: what arrives is kept in `received`. */
export async function startSmtp(
  onRcptTo?: (address: SMTPServerAddress) => Error | null,
): Promise<{ port: number; received: ReceivedMail[]; close(): Promise<void> }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, cb) {
      const err = onRcptTo?.(address) ?? null;
      return err ? cb(err) : cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: header(raw, 'Subject'),
          messageId: header(raw, 'Message-ID'),
          text: textBody(raw),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export async function waitFor(check: () => boolean | Promise<boolean>, ms = 15000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
