import { afterEach, describe, expect, it } from 'vitest';
import { APPLICATION_DESCRIPTION_MAX_LENGTH, DEFAULT_API_CATALOGUE } from '@credman/domain';
import { createSecurityNotifier } from '../security-notices/security-notifier.ts';
import {
  ALICE,
  BOB,
  DM,
  OPERATOR,
  PUBLIC_URL,
  ZONE,
  startReminderStack,
} from '../reminders/testing/harness.ts';
import type { ReminderStack } from '../reminders/testing/harness.ts';
import { ApplicationInputError } from './errors.ts';
import { editApplication } from './edit-application.ts';
import type { EditApplicationDeps } from './edit-application.ts';

const olivia = { id: 'u-olivia', username: 'olivia', name: 'Olivia Operator' };

let stack: ReminderStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function editStack() {
  const s = (stack = await startReminderStack(Date.parse('2027-01-01T09:00:00Z')));
  const notifier = createSecurityNotifier({
    keycloak: s.keycloak,
    mailer: s.mailer(),
    logger: s.logger,
    settings: { publicUrl: PUBLIC_URL, zone: ZONE, operatorEmail: OPERATOR },
  });
  const credentials = s.service();
  const deps: EditApplicationDeps = {
    keycloak: s.keycloak,
    store: credentials.applications,
    credentials,
    catalogue: DEFAULT_API_CATALOGUE,
    now: () => s.clock.now(),
    onApplicationEdit: notifier.onApplicationEdit,
  };
  return { s, notifier, credentials, deps };
}

describe('operators edit an application', () => {
  it('given a new description and permissions, then Keycloak holds them, the change is audited and the managers are mailed', async () => {
    const { s, notifier, credentials, deps } = await editStack();
    const before = await credentials.application(DM);
    const wanted = before.permissions.includes('dm.sandbox') ? ['dm.production'] : ['dm.sandbox'];

    const result = await editApplication(
      deps,
      DM,
      { description: ' Nightly  export ', permissions: wanted },
      olivia,
    );
    expect(result).toEqual({ clientId: DM, description: 'Nightly export', permissions: wanted });
    const after = await credentials.application(DM);
    expect(after.permissions).toEqual(wanted);
    expect(after.description).toBe('Nightly export');
    expect((await credentials.audit(DM))[0]).toMatchObject({
      action: 'application-edited',
      actor: { username: 'olivia' },
      changed: ['description', 'permissions'],
    });
    await notifier.idle();
    expect(s.sink.received.map((mail) => [mail.to, mail.subject])).toEqual([
      [[ALICE, BOB], `[credman] ${DM}: description and permissions changed`],
    ]);
    const text = s.sink.received[0]?.text ?? '';
    expect(text).toContain(
      `Olivia Operator (olivia) changed the description and permissions of the application ${DM}.`,
    );
    expect(text).toMatch(/Description: +Nightly export/);
    expect(text).toMatch(new RegExp(`Permissions before: +${before.permissions.join(', ')}`));
    expect(text).toMatch(new RegExp(`Permissions now: +${wanted.join(', ')}`));

    // The same values again change nothing: no audit entry, no mail.
    const auditLength = (await credentials.audit(DM)).length;
    await editApplication(deps, DM, { description: 'Nightly export', permissions: wanted }, olivia);
    await notifier.idle();
    expect(await credentials.audit(DM)).toHaveLength(auditLength);
    expect(s.sink.received).toHaveLength(1);
  });

  it('refuses permissions of another API or none, a description with a line break and an empty edit, changing nothing', async () => {
    const { credentials, deps } = await editStack();
    const before = await credentials.application(DM);
    const auditBefore = await credentials.audit(DM);
    const reasons = async (input: { description?: string; permissions?: string[] }) => {
      const error: unknown = await editApplication(deps, DM, input, olivia).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApplicationInputError);
      return (error as ApplicationInputError).fields.map((f) => `${f.field}:${f.reason}`);
    };
    expect(await reasons({ permissions: ['smc.sandbox'] })).toEqual(['permissions.0:scope-of-other-api']);
    expect(await reasons({ permissions: [] })).toEqual(['permissions:no-scopes']);
    expect(await reasons({ description: 'first\nsecond' })).toEqual(['description:control-character']);
    expect(await reasons({ description: 'd'.repeat(256) })).toEqual(['description:too-long']);
    expect(await reasons({})).toEqual(['description:required']);
    expect(await credentials.application(DM)).toEqual(before);
    expect(await credentials.audit(DM)).toEqual(auditBefore);
  });

  it('an edit takes the description limit a create takes, no more', async () => {
    const { deps } = await editStack();
    const error: unknown = await editApplication(
      deps,
      DM,
      { description: 'd'.repeat(APPLICATION_DESCRIPTION_MAX_LENGTH + 1) },
      olivia,
    ).catch((e: unknown) => e);
    expect((error as ApplicationInputError).fields).toEqual([
      {
        field: 'description',
        reason: 'too-long',
        message: `The description may be at most ${String(APPLICATION_DESCRIPTION_MAX_LENGTH)} characters long.`,
      },
    ]);
    const longest = 'd'.repeat(APPLICATION_DESCRIPTION_MAX_LENGTH);
    await editApplication(deps, DM, { description: longest }, olivia);
  });
});
