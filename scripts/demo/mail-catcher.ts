// The no-Docker demo's mail catcher (what Mailpit is in compose): an SMTP server on loopback that accepts every
// message, writes it as an .eml file (any mail program opens those) and reports a one-line summary.
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  file: string;
  from: string;
  to: string;
  subject: string;
}

export interface MailCatcher {
  /** The URL to give the sidecar as CREDMAN_SMTP_URL. */
  smtpUrl: string;
  port: number;
  close(): Promise<void>;
}

export interface MailCatcherOptions {
  /** Directory the .eml files are written to (created when missing). */
  dir: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  onMail(mail: CaughtMail): void;
  onError?(error: Error): void;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '';
  return (Array.isArray(value) ? value : [value]).map((entry) => entry.text).join(', ');
}

/** Writes one message to an .eml file, then reports its summary (best effort: an unreadable one is still kept). */
function keepMessage(
  options: MailCatcherOptions,
  file: string,
  raw: Buffer,
  callback: (error?: Error) => void,
): void {
  writeFile(file, raw).then(
    () => {
      callback();
      simpleParser(raw).then(
        (parsed) => {
          options.onMail({
            file,
            from: addresses(parsed.from),
            to: addresses(parsed.to),
            subject: parsed.subject ?? '',
          });
        },
        () => {
          options.onMail({ file, from: '', to: '', subject: '(could not be parsed)' });
        },
      );
    },
    (error: unknown) => {
      callback(error instanceof Error ? error : new Error(String(error)));
    },
  );
}

export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  await mkdir(options.dir, { recursive: true });
  const host = options.host ?? '127.0.0.1';
  let sequence = 0;
  const server = new SMTPServer({
    // Loopback only, for a demo: no TLS to offer and no accounts to check.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    banner: 'credman demo mail catcher',
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        sequence += 1;
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const file = path.join(options.dir, `${stamp}-${String(sequence).padStart(4, '0')}.eml`);
        // Accepted once it is on disk.
        keepMessage(options, file, Buffer.concat(chunks), callback);
      });
    },
  });
  server.on('error', (error) => options.onError?.(error));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://${host}:${String(port)}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
