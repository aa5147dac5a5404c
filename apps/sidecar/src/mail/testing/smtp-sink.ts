// A real SMTP server on loopback for tests: it accepts every message (parsed with mailparser and kept), and can
// be switched to refuse connections, to simulate an outage without changing its port.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { SecretString } from '../../secret-string.ts';

export interface ReceivedMail {
  /** Envelope recipients, in the order given. */
  to: string[];
  from: string;
  replyTo: string | undefined;
  subject: string;
  text: string;
  html: string;
  /** The raw message as it arrived (for scans for values that must never appear). */
  raw: string;
}

export interface SmtpSink {
  url: SecretString;
  received: ReceivedMail[];
  /** While true, every connection is answered 421 and closed. */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    hideSTARTTLS: true,
    disableReverseLookup: true,
    logger: false,
    onConnect(_session, callback) {
      if (refusing) {
        const error = Object.assign(new Error('Service not available'), { responseCode: 421 });
        callback(error);
        return;
      }
      callback();
    },
    // A connection opened before the outage (nodemailer pools them) is refused at the next message.
    onMailFrom(_address, _session, callback) {
      if (refusing) {
        callback(Object.assign(new Error('Service not available'), { responseCode: 421 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              from: parsed.from?.text ?? '',
              replyTo: parsed.replyTo?.text,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              raw,
            });
            callback();
          })
          .catch((error: unknown) => {
            callback(error instanceof Error ? error : new Error(String(error)));
          });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  // A client that goes away mid-session (a sidecar process stopped while a notice was in flight) resets its
  // socket; that is no test failure (tests assert on the mails received), and unheard it would crash the run.
  server.on('error', () => undefined);
  return {
    url: new SecretString(`smtp://127.0.0.1:${String(port)}`),
    received,
    refuse(on) {
      refusing = on;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
