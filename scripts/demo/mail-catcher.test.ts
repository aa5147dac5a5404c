// The demo mail catcher takes a message over real SMTP (nodemailer, as the sidecar sends), writes it as .eml and
// reports who it was for and its subject.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { startMailCatcher } from './mail-catcher.ts';
import type { CaughtMail, MailCatcher } from './mail-catcher.ts';

let catcher: MailCatcher | undefined;
let dir: string | undefined;
afterEach(async () => {
  await catcher?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  catcher = undefined;
  dir = undefined;
});

describe('demo mail catcher', () => {
  it('given a message sent over SMTP, when it is accepted, then it is an .eml file and a one-line summary', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'credman-mail-'));
    const caught: CaughtMail[] = [];
    let delivered: (mail: CaughtMail) => void = () => undefined;
    const received = new Promise<CaughtMail>((resolve) => {
      delivered = resolve;
    });
    catcher = await startMailCatcher({
      dir: path.join(dir, 'inbox'),
      onMail: (mail) => {
        caught.push(mail);
        delivered(mail);
      },
    });
    await nodemailer.createTransport({ url: catcher.smtpUrl }).sendMail({
      from: 'credman demo <credman@localhost>',
      to: 'alice@example.org',
      subject: 'A secret of Partner-NL-OrganisationName-DM expires in 21 days',
      text: 'Create a new secret, update your systems, then delete the old one.',
    });

    const mail = await received;
    expect(mail.to).toBe('alice@example.org');
    expect(mail.from).toContain('credman@localhost');
    expect(mail.subject).toBe('A secret of Partner-NL-OrganisationName-DM expires in 21 days');
    expect(path.extname(mail.file)).toBe('.eml');
    expect(await readdir(path.join(dir, 'inbox'))).toEqual([path.basename(mail.file)]);
    const eml = await readFile(mail.file, 'utf8');
    expect(eml).toMatch(/^Subject: A secret of Partner-NL-OrganisationName-DM expires in 21 days$/m);
    expect(eml).toContain('Create a new secret, update your systems');
    expect(caught).toHaveLength(1);
  });

  it('given port 0, when it starts, then it reports the port it got in its SMTP URL', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'credman-mail-'));
    catcher = await startMailCatcher({ dir, port: 0, onMail: () => undefined });
    expect(catcher.port).toBeGreaterThan(0);
    expect(catcher.smtpUrl).toBe(`smtp://127.0.0.1:${String(catcher.port)}`);
  });
});
