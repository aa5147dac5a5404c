import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { ManagerAssignment } from '../applications/manager-assignment.ts';
import type { SecretChange } from '../credentials/credential-service.ts';
import { UNDELIVERED_MARK_WINDOW_MS } from '../credentials/undelivered.ts';
import type { Mailer } from '../mail/mailer.ts';
import { createSecurityNotifier } from './security-notifier.ts';
import {
  ALICE,
  ALT,
  BOB,
  DM,
  OPERATOR,
  PUBLIC_URL,
  SMC,
  ZONE,
  alice,
  assertNoSecretValue,
  startReminderStack,
} from '../reminders/testing/harness.ts';
import type { ReminderStack } from '../reminders/testing/harness.ts';

let stack: ReminderStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const settings = { publicUrl: PUBLIC_URL, zone: ZONE, operatorEmail: OPERATOR };

/** A notifier on the stack's Keycloak and real SMTP sink. */
const notifierOn = (s: ReminderStack) =>
  createSecurityNotifier({ keycloak: s.keycloak, mailer: s.mailer(), logger: s.logger, settings });

describe('security notices', () => {
  it('given a create and a delete, then every manager gets a notice after the change, with who/when/name/hint and no value', async () => {
    const s = (stack = await startReminderStack(Date.parse('2027-01-01T09:00:00Z')));
    const notifier = notifierOn(s);
    const changes: SecretChange[] = [];
    const service = s.service({
      onSecretChange: (change) => {
        changes.push(change);
        notifier.onSecretChange(change);
      },
    });
    const created = await service.createSecret(DM, { name: 'Billing', expiresOn: '2027-06-30' }, alice);
    await service.deleteSecret(DM, created.secret.id, alice, { force: true });
    await notifier.idle();
    expect(changes.map((c) => c.kind)).toEqual(['created', 'deleted']);
    // Both notices are sent in the background, so they may arrive in either order.
    expect(s.sink.received.map((m) => [m.to, m.subject]).sort()).toEqual([
      [[ALICE, BOB], `[credman] Secret "Billing" created for ${DM}`],
      [[ALICE, BOB], `[credman] Secret "Billing" deleted from ${DM}`],
    ]);
    const first = s.sink.received.find((m) => m.subject.includes('created'));
    expect(first?.text).toContain(
      `Alice Anders (alice) created the client secret "Billing" of the application ${DM}.`,
    );
    expect(first?.text).toContain(`${created.value.slice(0, 3)}…`);
    expect(first?.text).toContain('Friday 1 January 2027, 10:00:00 (CET)');
    expect(first?.html).toContain(`href="${PUBLIC_URL}/applications/${DM}"`);
    for (const mail of s.sink.received) expect(mail.raw).not.toContain(created.value);
  });

  it('given a secret whose create was given up but landed, then the next read removes it and every manager is told', async () => {
    const s = (stack = await startReminderStack(Date.parse('2027-01-01T09:00:00Z')));
    const notifier = notifierOn(s);
    const service = s.service({
      onSecretChange: (change) => {
        notifier.onSecretChange(change);
      },
    });
    const landed = await service.createSecret(DM, { name: 'Late', expiresOn: '2027-06-30' }, alice);
    await notifier.idle();
    s.sink.received.length = 0;
    // What a create that landed but never answered leaves behind (credentials/undelivered.ts): its mark on the
    // client, older than the window in which the create could still be in flight.
    const client = await s.keycloak.findClientByClientId(DM);
    await s.keycloak.createClientRole(
      client?.id ?? '',
      `credman.undelivered.${landed.secret.id}`,
      JSON.stringify({ markedAt: s.clock.now() }),
    );
    s.clock.advance(UNDELIVERED_MARK_WINDOW_MS);

    // Read by another replica: the one that created the secret knows it answered with the value.
    const read = await s.service({ onSecretChange: notifier.onSecretChange }).secrets(DM);
    await notifier.idle();
    expect(read.find((secret) => secret.id === landed.secret.id)?.status).toBe('deleted');
    expect(s.sink.received.map((m) => [m.to, m.subject])).toEqual([
      [[ALICE, BOB], `[credman] Secret "Late" of ${DM} removed: nobody received it`],
    ]);
    expect(s.sink.received[0]?.text).toContain(`Alice Anders (alice) asked for the client secret "Late"`);
    assertNoSecretValue(s.sink.received, [landed.value]);
  });

  it("given alice edits a secret's name and notes, then every manager gets a notice (alice too, as for a create), and an edit that changes nothing sends none", async () => {
    const s = (stack = await startReminderStack(Date.parse('2027-01-01T09:00:00Z')));
    const notifier = createSecurityNotifier({
      keycloak: s.keycloak,
      mailer: s.mailer(),
      logger: s.logger,
      settings,
    });
    const service = s.service({ onSecretChange: notifier.onSecretChange });
    // The editor is told apart by Keycloak user id, as the token's `sub` names them.
    const [aliceUser] = await s.keycloak.findUsers({ search: 'alice', first: 0, max: 1 });
    const editor = { ...alice, id: aliceUser?.id ?? '' };
    const created = await service.createSecret(
      DM,
      { name: 'Billing', notes: 'Nightly invoice export', expiresOn: '2027-06-30' },
      editor,
    );
    await notifier.idle();
    expect(s.sink.received[0]?.text).toMatch(/Notes: +Nightly invoice export/);
    s.sink.received.length = 0;

    const edited = await service.updateSecret(
      DM,
      created.secret.id,
      { name: 'Billing export', notes: 'Owned by the finance team' },
      editor,
    );
    expect(edited).toMatchObject({ name: 'Billing export', notes: 'Owned by the finance team' });
    await service.updateSecret(DM, created.secret.id, { name: ' Billing  export ' }, editor);
    await notifier.idle();
    expect(s.sink.received.map((m) => [m.to, m.subject])).toEqual([
      [[ALICE, BOB], `[credman] Secret "Billing" of ${DM} edited`],
    ]);
    const mail = s.sink.received[0];
    expect(mail?.text).toContain(
      `Alice Anders (alice) changed the name and notes of the client secret "Billing" of the application ${DM}.`,
    );
    expect(mail?.text).toMatch(/Name before: +Billing\n/);
    expect(mail?.text).toMatch(/Notes: +Owned by the finance team/);
    expect(mail?.raw).not.toContain(created.value);
    const trail = await service.audit(DM);
    const edits = trail.filter((entry) => entry.action === 'edited');
    expect(edits.map((entry) => [entry.changed, entry.secret?.name])).toEqual([
      [['name', 'notes'], 'Billing export'],
    ]);
  });

  it('given SMTP down or a hanging mailer, then the change succeeds at once and the failure is only logged', async () => {
    const s = (stack = await startReminderStack(Date.parse('2027-01-01T09:00:00Z')));
    s.sink.refuse(true);
    const refused = notifierOn(s);
    const service = s.service({ onSecretChange: refused.onSecretChange });
    const created = await service.createSecret(SMC, { name: 'Gamma', expiresOn: '2027-06-30' }, alice);
    expect(created.secret.name).toBe('Gamma');
    await refused.idle();
    expect(s.sink.received).toEqual([]);

    // A mailer that never answers does not hold up the delete either.
    const hanging: Mailer = { send: () => new Promise(() => undefined), close: () => undefined };
    const stuck = createSecurityNotifier({
      keycloak: s.keycloak,
      mailer: hanging,
      logger: s.logger,
      settings,
    });
    await s
      .service({ onSecretChange: stuck.onSecretChange })
      .deleteSecret(SMC, created.secret.id, alice, { force: true });
    expect((await service.secrets(SMC)).find((v) => v.id === created.secret.id)?.status).toBe('deleted');
  });

  it('given a manager added and removed, then that person and the other managers get a notice over SMTP, with who, whom and when, and no secret', async () => {
    const s = (stack = await startReminderStack(Date.parse('2027-01-01T09:00:00Z')));
    const notifier = notifierOn(s);
    const service = s.service();
    const live = await service.createSecret(ALT, { name: 'Live', expiresOn: '2027-06-30' }, alice);
    const assignment = new ManagerAssignment({
      keycloak: s.keycloak,
      store: service.applications,
      credentials: service,
      catalogue: DEFAULT_API_CATALOGUE,
      now: () => s.clock.now(),
      onManagerChange: notifier.onManagerChange,
    });
    const [nora] = await s.keycloak.findUsers({ search: 'nora', first: 0, max: 1 });
    const olivia = { id: 'u-olivia', username: 'olivia', name: 'Olivia Operator' };
    await assignment.add(ALT, nora?.id ?? '', olivia);
    await notifier.idle();
    await assignment.remove(ALT, nora?.id ?? '', olivia);
    await notifier.idle();

    const NORA = 'nora.noroles@example.org';
    expect(s.sink.received.map((m) => [m.to, m.subject])).toEqual([
      [[NORA, BOB], `[credman] Nora Noroles (nora) added as manager of ${ALT}`],
      [[NORA, BOB], `[credman] Nora Noroles (nora) removed as manager of ${ALT}`],
    ]);
    expect(s.sink.received[0]?.text).toContain(
      `Olivia Operator (olivia) made Nora Noroles (nora) a credential manager of the application ${ALT}.`,
    );
    expect(s.sink.received[1]?.text).toContain('Friday 1 January 2027, 10:00:00 (CET)');
    expect(s.sink.received[1]?.html).toContain(`href="${PUBLIC_URL}/applications/${ALT}"`);
    assertNoSecretValue(s.sink.received, [live.value]);
  });
});
