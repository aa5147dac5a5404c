// Sending mail over SMTP with nodemailer. The SMTP URL may carry a password, so it stays a SecretString until
// the transport is built and no error that leaves this module carries it: failures become a MailDeliveryError
// with only nodemailer's error code and the server's reply code.
import nodemailer from 'nodemailer';
import type { SecretString } from '../secret-string.ts';
import { MailDeliveryError } from './errors.ts';
import type { RenderedMessage } from './render.ts';

export interface OutgoingMail extends RenderedMessage {
  /** Every recipient of this one message (the managers of one application see each other anyway). */
  to: readonly string[];
}

export interface DeliveryReceipt {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

export interface Mailer {
  /** Resolves once the SMTP server accepted the message for at least one recipient. */
  send(mail: OutgoingMail): Promise<DeliveryReceipt>;
  close(): void;
}

export interface SmtpMailerOptions {
  smtpUrl: SecretString;
  /** `address` or `Name <address>`. */
  from: string;
  replyTo?: string | undefined;
  /** Upper bound of connecting, greeting and each socket wait; a hung server must not stall a run. */
  timeoutMs?: number;
}

function addresses(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry: unknown) => {
    if (typeof entry === 'string') return entry;
    const address = (entry as { address?: unknown }).address;
    return typeof address === 'string' ? address : '';
  });
}

export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url: options.smtpUrl.reveal(),
    // A run sends many mails; reusing connections saves a handshake (and the server's greeting delay) per mail.
    pool: true,
    maxConnections: 4,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // nodemailer's own logger would print the SMTP dialogue, including AUTH; credman logs outcomes itself.
    logger: false,
    debug: false,
  });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          replyTo: options.replyTo,
          to: [...mail.to],
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        });
        return {
          messageId: info.messageId,
          accepted: addresses(info.accepted),
          rejected: addresses(info.rejected),
        };
      } catch (error) {
        const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
        throw new MailDeliveryError(
          typeof code === 'string' ? code : undefined,
          typeof responseCode === 'number' ? responseCode : undefined,
        );
      }
    },
    close() {
      transport.close();
    },
  };
}
