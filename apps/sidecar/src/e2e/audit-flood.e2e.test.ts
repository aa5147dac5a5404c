// The audit-flood attack over real HTTP (docs/architecture.md#audit-retention): a co-manager hammers renames of
// one secret between two of the longest names and creates and deletes secrets, past what the stored trail holds.
// Afterwards the other manager still creates and deletes, the operator still removes the attacker and edits the
// application, the stored trail stays within its bound, the other manager got one "edited" mail, and every entry
// a reviewer needs is in the trail or in the archive (the log). Runs on the double in `npm test` and on the real
// Keycloak in `npm run test:keycloak`; the bound is made small so that a few dozen writes reach it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrailBytes, auditTrailSchema } from '../store/records/audit-trail.ts';
import type { AuditEntry } from '../store/records/audit-trail.ts';
import { DM, startE2e } from './testing/harness.ts';
import type { E2e } from './testing/harness.ts';

const BOUNDS = { maxBytes: 8 * 1024, targetBytes: 6 * 1024 };
const RENAMES = 40;
const CYCLES = 12;
// The longest names a secret may have, in four-byte characters (the attack's 482-byte entries).
const LONG_A = '𝔄'.repeat(64);
const LONG_B = '𝔅'.repeat(64);

interface SecretBody {
  id: string;
  name: string;
  status: string;
}

async function json<T>(response: Promise<Response>, status: number): Promise<T> {
  const answered = await response;
  expect(answered.status).toBe(status);
  return (await answered.json()) as T;
}

/** Every entry the archive (the log) received, in the order archived. */
function archivedEntries(e2e: E2e): AuditEntry[] {
  const lines = e2e.logs.lines().filter((line) => line.msg === 'audit entry archived');
  return auditTrailSchema.parse(lines.map((line) => JSON.parse(String(line.auditEntry)) as unknown));
}

describe('a co-manager flooding the audit trail (e2e)', () => {
  let e2e: E2e;
  beforeAll(async () => {
    // The attacker's budget as N replicas give it (each replica its own): far above one replica's 30 a minute.
    e2e = await startE2e({ mail: true, rateLimitMutationsPerMinute: 10_000, auditBounds: BOUNDS });
  });
  afterAll(() => e2e.close());

  it('given bob renames and churns secrets past the bound, then alice rotates, olivia removes bob, and nothing a reviewer needs is lost', async () => {
    const api = (...args: Parameters<E2e['api']>) => e2e.api(...args);
    const secretsOf = async () =>
      (await json<{ secrets: SecretBody[] }>(api('alice', `/applications/${DM}`), 200)).secrets.filter(
        (secret) => secret.status === 'active' || secret.status === 'expiring',
      );
    const create = (user: 'alice' | 'bob', name: string) =>
      json<{ secret: SecretBody }>(
        api(user, `/applications/${DM}/secrets`, {
          method: 'POST',
          body: JSON.stringify({ name, expiresOn: e2e.dateIn(90) }),
        }),
        201,
      );
    const remove = async (user: 'alice' | 'bob', id: string) => {
      const deleted = await api(user, `/applications/${DM}/secrets/${id}?force=true`, { method: 'DELETE' });
      expect(deleted.status).toBe(204);
    };

    // One live secret for bob to rename, one free slot for the churn.
    let live = await secretsOf();
    if (live.length === 0) live = [(await create('alice', 'Target')).secret];
    for (const extra of live.slice(1)) await remove('alice', extra.id);
    const target = live[0] as SecretBody;
    const mailsBefore = e2e.smtp.received.length;

    for (let i = 0; i < RENAMES; i++) {
      const renamed = await api('bob', `/applications/${DM}/secrets/${target.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ name: i % 2 === 0 ? LONG_A : LONG_B }),
      });
      expect(renamed.status).toBe(200);
    }
    for (let i = 0; i < CYCLES; i++) {
      const churn = await create('bob', `${LONG_A.slice(0, 60)}${String(i).padStart(2, '0')}`);
      await remove('bob', churn.secret.id);
    }
    const afterAttack = await e2e.credentials.audit(DM);
    expect(auditTrailBytes(afterAttack)).toBeLessThanOrEqual(BOUNDS.maxBytes);
    expect(archivedEntries(e2e).length).toBeGreaterThan(0);

    // The victim still rotates: create, then delete.
    const fresh = await create('alice', 'After the flood');
    await remove('alice', fresh.secret.id);
    // The operator still removes the attacker and edits the application.
    const bobId = await e2e.userId('bob');
    expect((await api('olivia', `/applications/${DM}/managers/${bobId}`, { method: 'DELETE' })).status).toBe(
      200,
    );
    const edited = await api('olivia', `/applications/${DM}`, {
      method: 'PATCH',
      body: JSON.stringify({ description: 'Checked after an audit flood' }),
    });
    expect(edited.status).toBe(200);

    const trail = await e2e.credentials.audit(DM);
    expect(auditTrailBytes(trail)).toBeLessThanOrEqual(BOUNDS.maxBytes);
    expect(trail.slice(0, 4).map((entry) => [entry.action, entry.actor?.username])).toEqual([
      ['application-edited', 'olivia'],
      ['manager-removed', 'olivia'],
      ['deleted', 'alice'],
      ['created', 'alice'],
    ]);
    // Trail and archive together: the renames as one counted entry, every create and delete on its own.
    const everything = [...archivedEntries(e2e), ...[...trail].reverse()];
    const byBob = everything.filter((entry) => entry.actor?.username === 'bob');
    expect(
      byBob
        .filter((entry) => entry.action === 'edited')
        .map((entry) => [entry.count, entry.secret?.id, entry.secret?.name]),
    ).toEqual([[RENAMES, target.id, LONG_B]]);
    expect(byBob.filter((entry) => entry.action === 'created')).toHaveLength(CYCLES);
    expect(byBob.filter((entry) => entry.action === 'deleted')).toHaveLength(CYCLES);

    // The other manager got one "edited" mail for the whole rename loop.
    await e2e.noticesSent();
    const mails = e2e.smtp.received.slice(mailsBefore);
    const editedMails = mails.filter((mail) => mail.subject.includes(' edited'));
    expect(editedMails).toHaveLength(1);
    process.stdout.write(
      `audit flood: ${String(RENAMES + 2 * CYCLES)} writes by the attacker, trail ${String(auditTrailBytes(trail))} bytes ` +
        `(bound ${String(BOUNDS.maxBytes)}), ${String(archivedEntries(e2e).length)} entries archived, ` +
        `${String(mails.length)} mails (${String(editedMails.length)} "edited")\n`,
    );
    // Some 90 writes, each with a claim: minutes on a loaded real Keycloak, far past vitest's default 5 s.
  }, 300_000);
});
