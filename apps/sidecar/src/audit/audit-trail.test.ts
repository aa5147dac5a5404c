import { epochSeconds } from '@credman/domain';
import { describe, expect, it } from 'vitest';
import { DamagedAttributeError, parseAuditTrail, serializeAuditTrail } from '../store/codecs.ts';
import { AUDIT_RETENTION_SECONDS, appendAudit } from './audit-trail.ts';
import type { AuditEntry } from './audit-trail.ts';

const entry = (at: number): AuditEntry => ({
  at: epochSeconds(at),
  action: 'created',
  secret: { id: `s${at}`, name: 'n', hint: 'abc' },
});

describe('audit trail', () => {
  it('given thousands of entries within the retention, when appending, then every one is kept, newest first', () => {
    const trail = appendAudit(
      [],
      Array.from({ length: 5000 }, (_, i) => entry(1_000_000 + i)),
    );
    expect(trail).toHaveLength(5000);
    expect(trail[0]?.at).toBe(1_004_999);
    expect(trail.at(-1)?.at).toBe(1_000_000);
  });

  it('given entries older than two secret lifetimes before the newest, when appending, then only those are dropped', () => {
    const now = 2_000_000_000;
    const trail = appendAudit(
      [entry(now - AUDIT_RETENTION_SECONDS), entry(now - AUDIT_RETENTION_SECONDS + 1), entry(now - 86_400)],
      [entry(now)],
    );
    expect(trail.map((e) => now - e.at)).toEqual([0, 86_400, AUDIT_RETENTION_SECONDS - 1]);
    expect(AUDIT_RETENTION_SECONDS).toBeGreaterThanOrEqual(2 * 366 * 86_400);
  });

  // Unreadable text is damage, not an empty trail: read as [] it would be overwritten by the next write
  // (docs/architecture.md#damaged-metadata).
  it('round-trips through the attribute text; unreadable text is refused as damaged', () => {
    const trail = appendAudit([entry(2)], [entry(3)]);
    expect(parseAuditTrail(serializeAuditTrail(trail))).toEqual(trail);
    expect(parseAuditTrail(undefined)).toEqual([]);
    expect(() => parseAuditTrail('not json')).toThrow(DamagedAttributeError);
    expect(() => parseAuditTrail('[{"at":"x"}]')).toThrow(DamagedAttributeError);
  });
});
