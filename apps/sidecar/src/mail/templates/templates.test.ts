import { epochSeconds, toSeconds } from '@credman/domain';
import { describe, expect, it } from 'vitest';
import type { SecretRecord } from '../../store/records/secrets.ts';
import { escapeHtml } from '../html.ts';
import { formatInstant } from '../render.ts';
import { digestMessage } from './digest.ts';
import { applicationLink } from './parts.ts';
import { reminderMessage } from './reminder.ts';
import { retiredSecretPresentedMessage } from './retired-secret.ts';
import { secretEditedMessage, securityMessage, undeliveredSecretMessage } from './secret-notices.ts';

const settings = { publicUrl: 'https://credman.example.com', zone: 'Europe/Amsterdam' };
const actor = { id: 'u1', username: 'mallory', name: '<script>alert(1)</script>' };
const hostile = '<b onclick="x">Prod & "test"</b>';

function record(overrides: Partial<SecretRecord> = {}): SecretRecord {
  return {
    id: 's1',
    name: hostile,
    hint: 'q7Z',
    createdAt: epochSeconds(1_800_000_000),
    createdBy: actor,
    expiresAt: toSeconds(Date.parse('2027-06-30T21:59:59Z')),
    expiresOn: '2027-06-30',
    state: 'live',
    ...overrides,
  };
}
const notice = (kind: 'before-42' | 'daily' | 'expired', daysLeft: number) => ({
  id: kind,
  kind,
  dueAt: 0,
  daysLeft,
  replacementExists: false,
});

describe('mail messages', () => {
  it("puts a secret's notes into the reminder's facts, escaped in HTML, and leaves the row out without notes", () => {
    const withNotes = reminderMessage(
      {
        clientId: 'Partner-NL-X-DM',
        secret: record({ notes: 'Export <job> & "billing"' }),
        notice: notice('daily', 3),
        newer: undefined,
      },
      settings,
    );
    expect(withNotes.text).toMatch(/\nNotes: +Export <job> & "billing"\n/);
    expect(withNotes.html).toContain(
      '<th align="left">Notes</th><td>Export &lt;job&gt; &amp; &quot;billing&quot;</td>',
    );
    const without = reminderMessage(
      { clientId: 'Partner-NL-X-DM', secret: record(), notice: notice('daily', 3), newer: undefined },
      settings,
    );
    expect(without.text).not.toContain('Notes:');
  });

  it('calls the web application the console, as the README and the console itself do (never "portal")', () => {
    const input = { clientId: 'Partner-NL-X-DM', secret: record(), newer: undefined };
    const messages = [
      reminderMessage({ ...input, notice: notice('before-42', 42) }, settings),
      reminderMessage({ ...input, notice: notice('expired', 0) }, settings),
      securityMessage(
        { kind: 'created', clientId: 'Partner-NL-X-DM', secret: record(), actor, at: 0 },
        settings,
      ),
      undeliveredSecretMessage({ clientId: 'Partner-NL-X-DM', secret: record(), actor, at: 0 }, settings),
    ];
    for (const message of messages) {
      expect(message.text.toLowerCase()).not.toContain('portal');
      expect(message.text).toContain('Open the application in the console: https://credman.example.com/');
    }
  });

  it('tells the managers an edit: the name before, the notes now or their removal, who and when', () => {
    const message = secretEditedMessage(
      {
        clientId: 'Partner-NL-X-DM',
        secret: { name: 'Billing export', hint: 'q7Z', expiresAt: record().expiresAt },
        previousName: 'Billing',
        changed: ['name', 'notes'],
        actor: { id: 'u2', username: 'alice', name: 'Alice Anders' },
        at: Date.parse('2027-01-01T09:00:00Z'),
      },
      settings,
    );
    expect(message.subject).toBe('[credman] Secret "Billing" of Partner-NL-X-DM edited');
    expect(message.text).toContain(
      'Alice Anders (alice) changed the name and notes of the client secret "Billing"',
    );
    expect(message.text).toMatch(/Name before: +Billing\n/);
    expect(message.text).toMatch(/Notes: +none \(removed\)\n/);
    expect(message.text).toMatch(/Edited at: +Friday 1 January 2027, 10:00:00 \(CET\)/);
  });

  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('links to the SPA page with the client ID URL-encoded and shows dates in the zone', () => {
    expect(applicationLink('https://c.example', 'Partner-NL-A B-DM')).toBe(
      'https://c.example/applications/Partner-NL-A%20B-DM',
    );
    expect(formatInstant(Math.floor(Date.parse('2027-06-30T21:59:59Z') / 1000), 'Europe/Amsterdam')).toBe(
      'Wednesday 30 June 2027, 23:59:59 (CEST)',
    );
  });

  it('given a reminder, then subject, text and HTML carry application, days left, hint, date, link and the workflow', () => {
    const message = reminderMessage(
      { clientId: 'Partner-NL-Acme-DM', secret: record(), notice: notice('before-42', 42), newer: undefined },
      settings,
    );
    expect(message.subject).toBe(`[credman] Secret "${hostile}" of Partner-NL-Acme-DM expires in 42 days`);
    for (const part of [
      'Partner-NL-Acme-DM',
      'q7Z…',
      'Wednesday 30 June 2027, 23:59:59 (CEST)',
      'https://credman.example.com/applications/Partner-NL-Acme-DM',
      'Delete the old secret',
    ])
      expect(message.text).toContain(part);
    expect(message.text).toContain(hostile);
    expect(message.html).not.toContain(hostile);
    expect(message.html).toContain(escapeHtml(hostile));
    expect(message.html).toContain('<ol><li>Create a new secret');
  });

  it('given the last day, a newer secret or expiry, then the wording says so', () => {
    const newer = record({ id: 's2', name: 'Next', hint: 'n3w', expiresAt: epochSeconds(1_830_000_000) });
    expect(
      reminderMessage(
        { clientId: 'A', secret: record(), notice: notice('daily', 0), newer: undefined },
        settings,
      ).subject,
    ).toContain('expires today');
    const variant = reminderMessage(
      { clientId: 'A', secret: record(), notice: notice('daily', 1), newer },
      settings,
    );
    expect(variant.subject).toContain('expires tomorrow: delete it once the newer one is in use');
    expect(variant.text).toContain('A newer secret exists: "Next" (starts with n3w…)');
    const expired = reminderMessage(
      { clientId: 'A', secret: record(), notice: notice('expired', -1), newer: undefined },
      settings,
    );
    expect(expired.subject).toBe(`[credman] Secret "${hostile}" of A has expired`);
    expect(expired.text).toContain('no valid secret left');
  });

  it('given a security notice, then it says who, when, which secret; user-controlled text is escaped in HTML', () => {
    const message = securityMessage(
      {
        kind: 'deleted',
        clientId: 'A',
        secret: { name: hostile, hint: 'q7Z', expiresAt: 1_830_000_000 },
        actor,
        at: Date.parse('2027-03-01T10:00:00Z'),
      },
      settings,
    );
    expect(message.subject).toBe(`[credman] Secret "${hostile}" deleted from A`);
    expect(message.text).toContain('<script>alert(1)</script> (mallory) deleted the client secret');
    expect(message.text).toContain('Monday 1 March 2027, 11:00:00 (CET)');
    expect(message.html).not.toContain('<script>');
  });

  it('given a secret nobody received, then the managers read who asked for it, that it was removed and when', () => {
    const message = undeliveredSecretMessage(
      {
        clientId: 'A',
        secret: { name: hostile, hint: 'q7Z', expiresAt: 1_830_000_000 },
        actor,
        at: Date.parse('2027-03-01T10:00:00Z'),
      },
      settings,
    );
    expect(message.subject).toBe(`[credman] Secret "${hostile}" of A removed: nobody received it`);
    expect(message.text).toContain('<script>alert(1)</script> (mallory) asked for the client secret');
    expect(message.text).toContain('credman removed it; it no longer works');
    expect(message.text).toContain('Monday 1 March 2027, 11:00:00 (CET)');
    expect(message.text).toContain('https://credman.example.com/');
    expect(message.html).not.toContain('<script>');
  });

  it('given the digest, then it lists each application with its manager count and link', () => {
    const message = digestMessage(
      {
        week: '2027-W05',
        applications: [
          { clientId: 'A', managers: 0 },
          { clientId: 'B', managers: 1 },
        ],
      },
      settings,
    );
    expect(message.subject).toBe('[credman] Week 2027-W05: 2 applications with fewer than 2 managers');
    expect(message.text).toContain('  - A: no manager: https://credman.example.com/applications/A');
    expect(message.text).toContain('  - B: 1 manager:');
  });
});

describe('the notice of a retired secret presented again', () => {
  const input = {
    clientId: 'Partner-NL-Acme-DM',
    secret: { name: 'Prod 2025', hint: 'abc', state: 'deleted' as const },
    count: 14,
    since: toSeconds(Date.parse('2027-03-01T08:12:00Z')),
    last: toSeconds(Date.parse('2027-03-01T08:40:00Z')),
    addresses: ['203.0.113.7'],
  };

  it('names the secret, its hint, the address, the count and since when, and what to do', () => {
    const message = retiredSecretPresentedMessage(input, settings);
    expect(message.subject).toBe(
      '[credman] Partner-NL-Acme-DM: a system still presents the deleted secret "Prod 2025"',
    );
    expect(message.text).toContain(
      'A system at 203.0.113.7 still presents the deleted secret "Prod 2025" (abc…) of the application Partner-NL-Acme-DM: 14 refused token requests since Monday 1 March 2027, 09:12:00',
    );
    expect(message.text).toContain('update that system to the current secret');
  });

  it('escapes names in HTML and says "removed" for a lost secret', () => {
    const message = retiredSecretPresentedMessage(
      { ...input, secret: { name: hostile, hint: 'abc', state: 'lost' }, addresses: ['a', 'b'] },
      settings,
    );
    expect(message.html).not.toContain('<b onclick');
    expect(message.text).toContain('Systems at a, b still present the removed secret');
  });
});
