import { afterEach, describe, expect, it } from 'vitest';
import { REMINDERS_ATTRIBUTE, parseLedger } from '../store/records/codecs.ts';
import {
  ALICE,
  ALT,
  DM,
  OPERATOR,
  PUBLIC_URL,
  SMC,
  alice,
  assertNoSecretValue,
  local,
  startReminderStack,
  timeLimit,
} from './testing/harness.ts';
import type { ReminderStack } from './testing/harness.ts';

let stack: ReminderStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const HOUR = 3_600_000;
describe('reminder runner against Keycloak and a real SMTP server', () => {
  it("given due notices, then each application's managers get one mail with subject, both bodies and link, never a value; without a verified manager the operator gets it", async () => {
    const s = (stack = await startReminderStack(Date.parse('2027-01-01T09:00:00Z')));
    const service = s.service();
    const dm = await service.createSecret(DM, { name: 'Billing <prod>', expiresOn: '2027-02-19' }, alice);
    const alt = await service.createSecret(ALT, { name: 'Alt', expiresOn: '2027-02-19' }, alice);
    await s.setEmailVerified('bob', false); // ALT's only manager: its notices go to the operator

    s.clock.set(local('2027-01-08', 1)); // D-42 of 19 February
    const report = await s.runner().runOnce();
    expect(report).toMatchObject({ applications: 3, due: 2, sent: 2, busy: 0, failed: 0 });
    // Applications are handled concurrently, so the mails arrive in either order: pick them by application.
    const notices = s.sink.received.filter((m) => m.subject.includes('Secret'));
    expect(notices).toHaveLength(2);
    const first = notices.find((m) => m.subject.includes(DM));
    const second = notices.find((m) => m.subject.includes(ALT));
    expect(first?.to).toEqual([ALICE]);
    expect(first?.subject).toBe(`[credman] Secret "Billing <prod>" of ${DM} expires in 42 days`);
    expect(first?.replyTo).toBeUndefined();
    for (const part of [
      DM,
      'Billing <prod>',
      `${dm.value.slice(0, 3)}…`,
      'Friday 19 February 2027, 23:59:59 (CET)',
      `${PUBLIC_URL}/applications/${DM}`,
      '4. Delete the old secret',
    ])
      expect(first?.text).toContain(part);
    expect(first?.html).toContain('Billing &lt;prod&gt;');
    expect(first?.html).toContain(`href="${PUBLIC_URL}/applications/${DM}"`);
    expect(second?.to).toEqual([OPERATOR]);
    expect(second?.subject).toContain(ALT);
    // The operator's weekly digest went out in the same run.
    expect(s.sink.received.filter((m) => m.subject.includes('fewer than 2 managers'))).toHaveLength(1);
    assertNoSecretValue(s.sink.received, [dm.value, alt.value]);

    // Recorded: the same run again sends nothing.
    const ledger = parseLedger((await s.keycloak.findClientByClientId(DM))?.attributes[REMINDERS_ATTRIBUTE]);
    expect(
      Object.values(ledger.secrets)
        .flat()
        .map((n) => n.id),
    ).toEqual(['before-42']);
    expect(await s.runner().runOnce()).toMatchObject({ due: 0, sent: 0, digest: 'already-sent' });
  });

  it(
    'given SMTP refusing for 2 days over a milestone, then the notice arrives once after recovery and nothing twice',
    async () => {
      const s = (stack = await startReminderStack(Date.parse('2027-01-01T09:00:00Z')));
      await s.service().createSecret(SMC, { name: 'Gamma', expiresOn: '2027-03-31' }, alice);
      const runner = s.runner();
      const hourly = async (from: number, hours: number, every = 1) => {
        for (let h = 0; h < hours; h += every) {
          s.clock.set(from + h * HOUR);
          await runner.runOnce();
        }
      };
      // before-21 is due at 00:00 on 10 March; SMTP is down from 9 March 00:00 to 11 March 00:00.
      await hourly(local('2027-02-16'), 24); // before-42 (17 Feb) not yet; nothing
      await hourly(local('2027-02-17'), 3);
      const notices = () => s.sink.received.filter((m) => !m.to.includes(OPERATOR));
      expect(notices().map((m) => m.subject)).toEqual([expect.stringContaining('expires in 42 days')]);
      s.sink.refuse(true);
      // Every 3 hours while down: each refused attempt costs the SMTP server's greeting delay.
      await hourly(local('2027-03-09'), 48, 3);
      expect(notices()).toHaveLength(1);
      s.sink.refuse(false);
      await hourly(local('2027-03-11'), 48);
      expect(notices().map((m) => m.subject)).toEqual([
        expect.stringContaining('expires in 42 days'),
        expect.stringContaining('expires in 20 days'), // the 21-day notice, one day late
      ]);
    },
    timeLimit(20_000),
  );

  it(
    'given a crash between "accepted" and the ledger write, then the notice is sent at most once more, never lost',
    async () => {
      const s = (stack = await startReminderStack(Date.parse('2027-01-01T09:00:00Z')));
      const service = s.service();
      await service.createSecret(SMC, { name: 'Gamma', expiresOn: '2027-03-31' }, alice);
      s.clock.set(local('2027-02-17', 1));
      // Case 1: the work throws after the SMTP server accepted (the claim is released): the next run repeats it.
      const crashing = s.runner({
        credentials: {
          withApplicationClaim: (client, work) =>
            service.withApplicationClaim(client, async (fresh) => {
              await work(fresh);
              throw new Error('crash after accepted');
            }),
        },
      });
      expect(await crashing.runOnce()).toMatchObject({ sent: 1, failed: 1 });
      const healthy = s.runner();
      expect(await healthy.runOnce()).toMatchObject({ sent: 1, failed: 0 });
      expect(await healthy.runOnce()).toMatchObject({ sent: 0 });
      expect(s.sink.received.filter((m) => m.subject.includes('42 days'))).toHaveLength(2);

      // Case 2: the process dies while holding the claim: other runners wait for the lease, then send once more.
      s.clock.set(local('2027-03-10', 1));
      let died!: () => void;
      const dead = new Promise<void>((resolve) => (died = resolve));
      const dying = s.runner({
        credentials: {
          withApplicationClaim: (client, work) =>
            service.withApplicationClaim(client, async (fresh) => {
              await work(fresh);
              died();
              return new Promise(() => undefined); // never returns: the claim stays in Keycloak
            }),
        },
      });
      void dying.runOnce();
      await dead;
      const other = s.runner();
      expect(await other.runOnce()).toMatchObject({ sent: 0, busy: 1 });
      s.clock.advance(3 * 60_000); // past the claim lease
      expect(await other.runOnce()).toMatchObject({ sent: 1, busy: 0 });
      expect(await other.runOnce()).toMatchObject({ sent: 0, busy: 0 });
      expect(s.sink.received.filter((m) => m.subject.includes('21 days'))).toHaveLength(2);
    },
    timeLimit(20_000),
  );

  it(
    'given two runners (two replicas) in parallel over the same realm, then no notice and no digest is sent twice',
    async () => {
      const s = (stack = await startReminderStack(Date.parse('2027-01-01T09:00:00Z')));
      const service = s.service();
      await service.createSecret(DM, { name: 'Alpha', expiresOn: '2027-03-31' }, alice);
      await service.createSecret(SMC, { name: 'Gamma', expiresOn: '2027-03-31' }, alice);
      await service.createSecret(ALT, { name: 'Delta', expiresOn: '2027-03-30' }, alice);
      await service.createSecret(ALT, { name: 'Epsilon', expiresOn: '2027-04-01' }, alice);
      const [one, two] = [s.runner(), s.runner()];
      for (let at = local('2027-03-22'); at < local('2027-04-03'); at += 6 * HOUR) {
        s.clock.set(at);
        await Promise.all([one.runOnce(), two.runOnce()]);
      }
      const keys = s.sink.received.map((m) => `${m.to.join()}|${m.subject}`);
      expect(new Set(keys).size).toBe(keys.length);
      // Everything due was delivered despite 'busy' answers: per secret the (late) 21-day notice at the first
      // run, 8 dailies and the expired notice.
      expect(s.sink.received.filter((m) => !m.to.includes(OPERATOR))).toHaveLength(4 * 10);
      expect(s.sink.received.filter((m) => m.to.includes(OPERATOR))).toHaveLength(2); // weeks 12 and 13
    },
    timeLimit(20_000),
  );

  it(
    'given a support contact, then every mail (reminder and digest) ends with it, as text and as a mailto link',
    async () => {
      const s = (stack = await startReminderStack(Date.parse('2027-01-01T09:00:00Z')));
      await s.service().createSecret(DM, { name: 'Billing', expiresOn: '2027-02-19' }, alice);
      s.clock.set(local('2027-01-08', 1)); // D-42 of 19 February, and a week's digest owed
      const support = { email: 'support@credman.example.com', text: 'Need access or help? Write to' };
      await s
        .runner({
          settings: {
            publicUrl: PUBLIC_URL,
            zone: 'Europe/Amsterdam',
            operatorEmail: OPERATOR,
            sidecarClientId: 'credman-sidecar',
            support,
          },
        })
        .runOnce();

      const mails = s.sink.received;
      expect(mails.map((mail) => mail.subject)).toEqual(
        expect.arrayContaining([
          expect.stringContaining('expires in 42 days'),
          expect.stringContaining('Week'),
        ]),
      );
      for (const mail of mails) {
        expect(
          mail.text.trimEnd().endsWith('Need access or help? Write to support@credman.example.com'),
        ).toBe(true);
        expect(mail.html).toContain(
          '<p>Need access or help? Write to <a href="mailto:support@credman.example.com">support@credman.example.com</a></p>',
        );
      }
    },
    timeLimit(20_000),
  );
});
