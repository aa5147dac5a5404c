import { epochSeconds } from '@credman/domain';
import { describe, expect, it } from 'vitest';
import { DamagedAttributeError, parseAuditTrail, serializeAuditTrail } from './codecs.ts';
import {
  AUDIT_COMPACTION_SECONDS,
  AUDIT_MAX_BYTES,
  AUDIT_RETENTION_SECONDS,
  appendAudit,
  auditTrailBytes,
  compactionTarget,
} from './audit-trail.ts';
import type { AuditEntry } from './audit-trail.ts';

const T0 = 2_000_000_000;
const mallory = { id: 'u-mallory', username: 'mallory', name: 'Mallory' };
const alice = { id: 'u-alice', username: 'alice', name: 'Alice' };
// The longest name a secret may have, in four-byte characters: the attack's entries were 482 bytes.
const LONG_A = '𝔄'.repeat(64);
const LONG_B = '𝔅'.repeat(64);

const entry = (at: number): AuditEntry => ({
  at: epochSeconds(at),
  action: 'created',
  secret: { id: `s${String(at)}`, name: 'n', hint: 'abc' },
});
const rename = (at: number, name: string, actor = mallory, secretId = 's-1'): AuditEntry => ({
  at: epochSeconds(at),
  action: 'edited',
  actor,
  secret: { id: secretId, name, hint: 'abc' },
  changed: ['name'],
});

/** Appends one entry per write, as the service does. */
function oneByOne(entries: AuditEntry[], trail: AuditEntry[] = []) {
  const archived: AuditEntry[] = [];
  for (const e of entries) {
    const appended = appendAudit(trail, [e]);
    trail = appended.trail;
    archived.push(...appended.archived);
  }
  return { trail, archived };
}

describe('audit trail compaction', () => {
  it('given the rename loop of the attack (535 renames in 17 minutes), then it is one entry with its count', () => {
    const renames = Array.from({ length: 535 }, (_, i) => rename(T0 + i * 2, i % 2 === 0 ? LONG_A : LONG_B));
    const { trail, archived } = oneByOne([entry(T0 - 10), ...renames]);
    expect(archived).toEqual([]);
    expect(trail).toEqual([{ ...rename(T0 + 534 * 2, LONG_A), count: 535, since: T0 }, entry(T0 - 10)]);
    expect(auditTrailBytes(trail)).toBeLessThan(1024);
  });

  it('given another event about the secret or another person between edits, then a new entry starts', () => {
    const { trail } = oneByOne([
      rename(T0, 'a'),
      rename(T0 + 1, 'b'),
      rename(T0 + 2, 'c', alice),
      rename(T0 + 3, 'd'),
      { ...entry(T0 + 4), secret: { id: 's-1', name: 'd', hint: 'abc' }, action: 'expired' },
      rename(T0 + 5, 'e'),
      // Another secret's edits are their own entry and do not interrupt these.
      rename(T0 + 6, 'x', mallory, 's-2'),
      rename(T0 + 7, 'f'),
    ]);
    expect(trail.map((e) => [e.action, e.actor?.username, e.secret?.name, e.count])).toEqual([
      ['edited', 'mallory', 'f', 2],
      ['edited', 'mallory', 'x', undefined],
      ['expired', undefined, 'd', undefined],
      ['edited', 'mallory', 'd', undefined],
      ['edited', 'alice', 'c', undefined],
      ['edited', 'mallory', 'b', 2],
    ]);
  });

  it('given edits over more than a day, then each period from its first edit is one entry', () => {
    const { trail } = oneByOne(Array.from({ length: 49 }, (_, i) => rename(T0 + i * 3600, `n${String(i)}`)));
    expect(trail.map((e) => [e.since, e.at, e.count])).toEqual([
      [undefined, T0 + 48 * 3600, undefined],
      [T0 + 24 * 3600, T0 + 47 * 3600, 24],
      [T0, T0 + 23 * 3600, 24],
    ]);
    expect(AUDIT_COMPACTION_SECONDS).toBe(24 * 3600);
  });

  it('never compacts creates, deletes, manager changes or entries without an actor', () => {
    const subject = { id: 'u-bob', username: 'bob' };
    const kept: AuditEntry[] = [
      { ...entry(T0), actor: mallory },
      {
        ...entry(T0 + 1),
        action: 'deleted',
        actor: mallory,
        secret: { id: `s${String(T0)}`, name: 'n', hint: 'abc' },
      },
      { at: epochSeconds(T0 + 2), action: 'manager-removed', actor: alice, subject },
      { at: epochSeconds(T0 + 3), action: 'manager-removed', actor: alice, subject },
      { at: epochSeconds(T0 + 4), action: 'application-created', actor: alice },
    ];
    const { trail } = oneByOne(kept);
    expect(trail).toHaveLength(kept.length);
    for (const e of kept) expect(compactionTarget(trail, e)).toBeUndefined();
  });

  it('compacts an operator editing the application again, as one entry with every field changed', () => {
    const edit = (at: number, changed: AuditEntry['changed']): AuditEntry => ({
      at: epochSeconds(at),
      action: 'application-edited',
      actor: alice,
      changed,
    });
    const { trail } = oneByOne([edit(T0, ['description']), edit(T0 + 60, ['permissions'])]);
    expect(trail).toEqual([{ ...edit(T0 + 60, ['description', 'permissions']), count: 2, since: T0 }]);
  });
});

describe('audit trail bound', () => {
  it('given more entries than the bound holds, then the oldest go to the archive and none is lost', () => {
    const all = Array.from({ length: 5000 }, (_, i) => entry(T0 + i));
    // In writes of 100 entries, so the test stays quick; each write archives what it must.
    const batches = Array.from({ length: 50 }, (_, i) => all.slice(i * 100, (i + 1) * 100));
    let trail: AuditEntry[] = [];
    const archived: AuditEntry[] = [];
    for (const batch of batches) {
      const appended = appendAudit(trail, batch);
      trail = appended.trail;
      archived.push(...appended.archived);
    }
    expect(auditTrailBytes(trail)).toBeLessThanOrEqual(AUDIT_MAX_BYTES);
    expect(Buffer.byteLength(serializeAuditTrail(trail))).toBe(auditTrailBytes(trail));
    const isMarker = (e: AuditEntry) => e.action === 'archived';
    const kept = trail.filter((e) => !isMarker(e));
    // Archived oldest first, then what is kept: exactly every entry, once, in order.
    expect([...archived.filter((e) => !isMarker(e)), ...[...kept].reverse()]).toEqual(all);
    expect(kept[0]).toEqual(all.at(-1));
    // Each archiving leaves a marker saying how many went; older markers are archived like any entry.
    const markers = [...archived, ...trail].filter(isMarker);
    expect(markers.reduce((sum, m) => sum + (m.count ?? 1), 0)).toBe(archived.length);
    expect(trail.some(isMarker)).toBe(true);
  });

  it('given a trail over the bound, then one write archives down to the target, not one entry per write', () => {
    const bounds = { maxBytes: 4096, targetBytes: 3072 };
    let trail: AuditEntry[] = [];
    let archivings = 0;
    for (let i = 0; i < 200; i++) {
      const appended = appendAudit(trail, [entry(T0 + i)], bounds);
      if (appended.archived.length > 0) archivings++;
      trail = appended.trail;
      expect(auditTrailBytes(trail)).toBeLessThanOrEqual(bounds.maxBytes);
    }
    expect(archivings).toBeGreaterThan(0);
    expect(archivings).toBeLessThan(200 / 5);
    expect(trail[0]?.action).toBe('created');
    expect(trail.find((e) => e.action === 'archived')).toMatchObject({ action: 'archived' });
  });

  it('given entries older than two secret lifetimes before the newest, when appending, then only those are dropped', () => {
    const now = 2_000_000_000;
    const { trail } = appendAudit(
      [entry(now - AUDIT_RETENTION_SECONDS), entry(now - AUDIT_RETENTION_SECONDS + 1), entry(now - 86_400)],
      [entry(now)],
    );
    expect(trail.map((e) => now - e.at)).toEqual([0, 86_400, AUDIT_RETENTION_SECONDS - 1]);
    expect(AUDIT_RETENTION_SECONDS).toBeGreaterThanOrEqual(2 * 366 * 86_400);
  });

  // Unreadable text is damage, not an empty trail: read as [] it would be overwritten by the next write
  // (docs/architecture.md#damaged-metadata).
  it('round-trips through the attribute text; unreadable text is refused as damaged', () => {
    const { trail } = appendAudit([entry(2), rename(1, 'a')], [entry(3), rename(4, 'b')]);
    expect(trail[0]).toMatchObject({ count: 2, since: 1 });
    expect(parseAuditTrail(serializeAuditTrail(trail))).toEqual(trail);
    expect(parseAuditTrail(undefined)).toEqual([]);
    expect(() => parseAuditTrail('not json')).toThrow(DamagedAttributeError);
    expect(() => parseAuditTrail('[{"at":"x"}]')).toThrow(DamagedAttributeError);
  });
});
