import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochSeconds } from '@credman/domain';
import { ApplicationNotFoundError } from '../store/errors.ts';
import { ManagerAssignment } from './manager-assignment.ts';
import {
  EmailNotVerifiedError,
  ManagedThroughGroupError,
  SelfAssignmentError,
  UserNotFoundError,
} from './errors.ts';
import type { ManagerChangeNotice } from './manager-assignment.ts';
import { AUDIT_MAX_BYTES, auditTrailBytes } from '../store/records/audit-trail.ts';
import type { AuditEntry } from '../store/records/audit-trail.ts';
import { GROUP_MANAGED_APP, GROUP_PATH, startOperatorTestDouble } from './testing/operator-test-double.ts';
import type { OperatorTestDouble } from './testing/operator-test-double.ts';
import { searchUsers } from './users.ts';

const DM_APP = 'Partner-NL-OrganisationName-DM';
const olivia = { id: 'u-olivia', username: 'olivia', name: 'Olivia Operator' };

let env: OperatorTestDouble;
let managers: ManagerAssignment;
beforeAll(async () => {
  env = await startOperatorTestDouble(Date.UTC(2027, 2, 1, 9));
  managers = new ManagerAssignment(env.deps);
});
afterAll(() => env.close());

const usernames = (list: { username: string }[]) => list.map((m) => m.username);
const auditOf = async (clientId: string) =>
  (await env.credentials.audit(clientId)).map((e) => [e.action, e.subject?.username, e.actor?.username]);

describe('manager list', () => {
  it('lists direct role holders with their details', async () => {
    const { managers: list, warnings } = await managers.list(DM_APP);
    expect(list).toEqual([
      {
        id: await env.userId('alice'),
        username: 'alice',
        name: expect.any(String) as string,
        email: expect.stringContaining('@') as string,
        emailVerified: true,
        via: 'direct',
      },
      expect.objectContaining({ username: 'bob', via: 'direct' }),
    ]);
    expect(warnings).toEqual([]);
  });

  it('includes members of groups holding the role, with the group path, each person once', async () => {
    const { managers: list, warnings } = await managers.list(GROUP_MANAGED_APP);
    expect(list.map((m) => [m.username, m.via])).toEqual([
      ['alice', 'direct'],
      ['gina', `group:${GROUP_PATH}`],
    ]);
    expect(list.find((m) => m.username === 'gina')?.name).toBe('Gina Tester');
    expect(warnings).toEqual([]);
  });

  it('refuses an unknown or unmanaged application', async () => {
    await expect(managers.list('Partner-NL-Unknown-DM')).rejects.toThrow(ApplicationNotFoundError);
    await expect(managers.list('credman-sidecar')).rejects.toThrow(ApplicationNotFoundError);
  });
});

describe('adding and removing managers', () => {
  const app = 'PartnerAlternative-NL-OrganisationName-SMC'; // bob only

  it('adds a user with a verified email once, audits it, and warns while there are fewer than two', async () => {
    expect((await managers.list(app)).warnings).toEqual(['fewer-than-two-managers']);
    const nora = await env.userId('nora');
    const added = await managers.add(app, nora, olivia);
    expect(added.changed).toBe(true);
    expect(usernames(added.managers)).toEqual(['bob', 'nora']);
    expect(added.warnings).toEqual([]);
    expect(await auditOf(app)).toEqual([['manager-added', 'nora', 'olivia']]);

    // Idempotent: again is no change and no second audit entry.
    const again = await managers.add(app, nora, olivia);
    expect(again.changed).toBe(false);
    expect(usernames(again.managers)).toEqual(['bob', 'nora']);
    expect(await auditOf(app)).toHaveLength(1);

    const removed = await managers.remove(app, nora, olivia);
    expect(removed.changed).toBe(true);
    expect(usernames(removed.managers)).toEqual(['bob']);
    expect(removed.warnings).toEqual(['fewer-than-two-managers']);
    expect((await managers.remove(app, nora, olivia)).changed).toBe(false);
    expect(await auditOf(app)).toEqual([
      ['manager-removed', 'nora', 'olivia'],
      ['manager-added', 'nora', 'olivia'],
    ]);
  });

  it('leaves the secrets of the application working while managers change (audit writes carry the slots)', async () => {
    const secret = await env.credentials.createSecret(
      app,
      { name: 'Live', expiresOn: '2027-12-31' },
      { id: 'b', username: 'bob', name: 'Bob' },
    );
    await managers.add(app, await env.userId('alice'), olivia);
    await managers.remove(app, await env.userId('alice'), olivia);
    expect(await env.works(app, secret.value)).toBe(true);
    expect((await env.credentials.secrets(app)).map((s) => s.status)).toEqual(['active']);
  });

  it('refuses a user whose email is not verified, and changes nothing', async () => {
    await expect(managers.add(app, await env.userId('uma'), olivia)).rejects.toThrow(EmailNotVerifiedError);
    expect(usernames((await managers.list(app)).managers)).toEqual(['bob']);
  });

  it('answers not found for an unknown user or application', async () => {
    await expect(managers.add(app, 'no-such-user', olivia)).rejects.toThrow(UserNotFoundError);
    await expect(managers.remove(app, 'no-such-user', olivia)).rejects.toThrow(UserNotFoundError);
    await expect(managers.add('Partner-NL-Unknown-DM', await env.userId('nora'), olivia)).rejects.toThrow(
      ApplicationNotFoundError,
    );
  });

  it('treats a group member as a manager: adding is a no-op, removing needs the group changed', async () => {
    const gina = await env.userId('gina');
    const before = await env.credentials.audit(GROUP_MANAGED_APP);
    expect((await managers.add(GROUP_MANAGED_APP, gina, olivia)).changed).toBe(false);
    await expect(managers.remove(GROUP_MANAGED_APP, gina, olivia)).rejects.toThrow(ManagedThroughGroupError);
    expect(await env.credentials.audit(GROUP_MANAGED_APP)).toEqual(before);
  });

  it('serialises simultaneous adds of one user: one role change, one audit entry', async () => {
    const target = 'Partner-NL-OrganisationName-SMC';
    const nora = await env.userId('nora');
    const results = await Promise.all([
      managers.add(target, nora, olivia),
      managers.add(target, nora, olivia),
    ]);
    expect(results.map((r) => r.changed).sort()).toEqual([false, true]);
    expect((await auditOf(target)).filter(([action]) => action === 'manager-added')).toHaveLength(1);
  });
});

describe('operators and their own rights', () => {
  const app = 'PartnerAlternative-NL-OrganisationName-SMC';

  it('refuses an operator who makes themselves a manager, changing nothing; another operator may add them', async () => {
    const oliviaId = await env.userId('olivia');
    const self = { id: oliviaId, username: 'olivia', name: 'Olivia Operator' };
    const auditBefore = await auditOf(app);
    await expect(managers.add(app, oliviaId, self)).rejects.toThrow(SelfAssignmentError);
    expect(usernames((await managers.list(app)).managers)).not.toContain('olivia');
    expect(await auditOf(app)).toEqual(auditBefore);

    const otto = { id: 'u-otto', username: 'otto', name: 'Otto Operator' };
    expect((await managers.add(app, oliviaId, otto)).changed).toBe(true);
    // Removing oneself only lowers one's rights, so it needs no second operator.
    expect((await managers.remove(app, oliviaId, self)).changed).toBe(true);
    expect((await auditOf(app)).slice(0, 2)).toEqual([
      ['manager-removed', 'olivia', 'olivia'],
      ['manager-added', 'olivia', 'otto'],
    ]);
  });

  it('refuses self-assignment by the user Keycloak returns, even when the id was written another way', async () => {
    const oliviaId = await env.userId('olivia');
    const self = { id: oliviaId, username: 'olivia', name: 'Olivia Operator' };
    // A Keycloak that finds users by their id in any case: the parameter differs from the token's `sub`.
    const keycloak = new Proxy(env.deps.keycloak, {
      get(target, property, receiver) {
        if (property === 'getUser') return (id: string) => target.getUser(id.toLowerCase());
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const lenient = new ManagerAssignment({ ...env.deps, keycloak });
    await expect(lenient.add(app, oliviaId.toUpperCase(), self)).rejects.toThrow(SelfAssignmentError);
    expect(usernames((await managers.list(app)).managers)).not.toContain('olivia');
  });

  it('tells the listener of each real change: who was added or removed, by whom, on which application', async () => {
    const notices: ManagerChangeNotice[] = [];
    const notifying = new ManagerAssignment({ ...env.deps, onManagerChange: (n) => notices.push(n) });
    const nora = await env.userId('nora');
    await notifying.add(app, nora, olivia);
    await notifying.add(app, nora, olivia);
    await notifying.remove(app, nora, olivia);
    expect(
      notices.map((n) => [n.kind, n.clientId, n.subject.username, n.subject.email, n.actor.username]),
    ).toEqual([
      ['added', app, 'nora', 'nora.noroles@example.org', 'olivia'],
      ['removed', app, 'nora', 'nora.noroles@example.org', 'olivia'],
    ]);
  });
});

describe('an audit trail at its bound', () => {
  it('never refuses a manager change: the oldest entries are archived and the change is recorded', async () => {
    const actor = { id: 'u-mallory', username: 'mallory', name: 'Mallory' };
    const entry = (i: number): AuditEntry => ({
      at: epochSeconds(Math.floor(Date.UTC(2027, 0, 1) / 1000) + i),
      action: 'manager-added',
      actor,
      subject: { id: `u-${String(i)}`, username: `someone-${String(i)}` },
    });
    const entryBytes = JSON.stringify(entry(0)).length + 1;
    const count = Math.ceil(AUDIT_MAX_BYTES / entryBytes) + 1;
    await env.credentials.recordAudit(
      DM_APP,
      Array.from({ length: count }, (_, i) => entry(i)),
    );
    const nora = await env.userId('nora');
    await managers.add(DM_APP, nora, olivia);
    await managers.remove(DM_APP, await env.userId('bob'), olivia);
    expect(usernames((await managers.list(DM_APP)).managers)).toEqual(['alice', 'nora']);
    const trail = await env.credentials.audit(DM_APP);
    expect(trail.slice(0, 2).map((e) => [e.action, e.subject?.username])).toEqual([
      ['manager-removed', 'bob'],
      ['manager-added', 'nora'],
    ]);
    expect(trail.some((e) => e.action === 'archived')).toBe(true);
    expect(auditTrailBytes(trail)).toBeLessThanOrEqual(AUDIT_MAX_BYTES);
  });
});

describe('user search', () => {
  it('finds people by name or email and never service accounts', async () => {
    const found = await searchUsers(env.keycloak, { search: 'gina', first: 0, max: 20 });
    expect(found).toEqual([
      {
        id: await env.userId('gina'),
        username: 'gina',
        name: 'Gina Tester',
        email: 'gina@example.org',
        emailVerified: true,
      },
    ]);
    expect(usernames(await searchUsers(env.keycloak, { search: 'uma@example', first: 0, max: 20 }))).toEqual([
      'uma',
    ]);
    const everyone = await searchUsers(env.keycloak, { search: '', first: 0, max: 100 });
    expect(usernames(everyone)).toEqual(
      expect.arrayContaining(['alice', 'bob', 'gina', 'nora', 'olivia', 'uma']),
    );
    expect(everyone.some((u) => u.username.startsWith('service-account-'))).toBe(false);
    expect(
      usernames(await searchUsers(env.keycloak, { search: 'service-account', first: 0, max: 20 })),
    ).toEqual([]);
  });

  it('pages', async () => {
    const all = await searchUsers(env.keycloak, { search: '', first: 0, max: 100 });
    const page = await searchUsers(env.keycloak, { search: '', first: 1, max: 2 });
    expect(page).toEqual(all.slice(1, 3));
  });
});
