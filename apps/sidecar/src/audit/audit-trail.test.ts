import { epochSeconds } from '@credman/domain';
import { describe, expect, it } from 'vitest';
import { DamagedAttributeError, parseAuditTrail, serializeAuditTrail } from '../store/codecs.ts';
import { AUDIT_LIMIT, appendAudit } from './audit-trail.ts';
import type { AuditEntry } from './audit-trail.ts';

const entry = (at: number): AuditEntry => ({
  at: epochSeconds(at),
  action: 'created',
  secret: { id: `s${at}`, name: 'n', hint: 'abc' },
});

describe('audit trail', () => {
  it('given more than the limit, when appending, then the newest entries are kept newest first', () => {
    const trail = appendAudit(
      [],
      Array.from({ length: AUDIT_LIMIT + 5 }, (_, i) => entry(i)),
    );
    expect(trail).toHaveLength(AUDIT_LIMIT);
    expect(trail[0]?.at).toBe(AUDIT_LIMIT + 4);
    expect(trail.at(-1)?.at).toBe(5);
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
