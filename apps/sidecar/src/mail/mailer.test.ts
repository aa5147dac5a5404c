import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretString } from '../secret-string.ts';
import { createSmtpMailer } from './mailer.ts';
import { MailDeliveryError } from './errors.ts';
import { startSmtpSink } from './testing/smtp-sink.ts';
import type { SmtpSink } from './testing/smtp-sink.ts';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.close());

const mail = {
  to: ['a@example.org', 'b@example.org'],
  subject: 'Grüße & <tags>',
  text: 'plain body\n',
  html: '<p>html body</p>',
};

describe('SMTP mailer', () => {
  it('given a reachable server, then one message with From, Reply-To, both bodies and every recipient arrives', async () => {
    const mailer = createSmtpMailer({
      smtpUrl: sink.url,
      from: 'credman <noreply@example.com>',
      replyTo: 'help@example.com',
    });
    const receipt = await mailer.send(mail);
    mailer.close();
    expect(receipt.accepted).toEqual(['a@example.org', 'b@example.org']);
    const received = sink.received.at(-1);
    expect(received).toMatchObject({
      to: ['a@example.org', 'b@example.org'],
      from: '"credman" <noreply@example.com>',
      replyTo: 'help@example.com',
      subject: 'Grüße & <tags>',
      text: 'plain body\n',
      html: '<p>html body</p>',
    });
  });

  it('given a refusing server, then a MailDeliveryError without the SMTP URL or its password', async () => {
    sink.refuse(true);
    const port = new URL(sink.url.reveal()).port;
    const mailer = createSmtpMailer({
      smtpUrl: new SecretString(`smtp://user:pa55-word@127.0.0.1:${port}`),
      from: 'noreply@example.com',
    });
    const error = await mailer.send(mail).catch((e: unknown) => e);
    sink.refuse(false);
    mailer.close();
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as Error).message).not.toContain('pa55-word');
    expect(JSON.stringify(error)).not.toContain('pa55-word');
  });

  it('given a server that never answers, then the send fails after the timeout instead of hanging', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const mailer = createSmtpMailer({
      smtpUrl: new SecretString(`smtp://127.0.0.1:${String(port)}`),
      from: 'n@example.com',
      timeoutMs: 300,
    });
    await expect(mailer.send(mail)).rejects.toBeInstanceOf(MailDeliveryError);
    mailer.close();
    await new Promise((resolve) => silent.close(resolve));
  });
});
