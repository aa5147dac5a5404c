// The mail layer's error, with a stable `code` like every layer's errors (http/error-mapping.ts switches on them).

/** The SMTP server did not take a mail. It carries no SMTP URL (docs/architecture.md#security-model). */
export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';
  readonly code = 'mail-delivery-failed';
  /** nodemailer's error code (e.g. `ECONNECTION`), when it gave one. */
  readonly transportCode: string | undefined;
  readonly responseCode: number | undefined;
  constructor(transportCode: string | undefined, responseCode: number | undefined) {
    super(
      `The SMTP server did not accept the mail (${transportCode ?? 'no code'}${responseCode === undefined ? '' : `, reply ${String(responseCode)}`})`,
    );
    this.transportCode = transportCode;
    this.responseCode = responseCode;
  }
}
