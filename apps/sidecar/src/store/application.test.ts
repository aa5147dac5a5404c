import { describe, expect, it } from 'vitest';
import { epochSeconds } from '@credman/domain';
import { AUDIT_MAX_BYTES } from '../audit/audit-trail.ts';
import type { AuditEntry } from '../audit/audit-trail.ts';
import { auditIsFull, refusedByFullAudit } from './application.ts';
import type { ApplicationChange, StoredApplication } from './application.ts';

const actor = { id: 'u-mallory', username: 'mallory', name: 'Mallory' };
const created = (at: number): AuditEntry => ({
  at: epochSeconds(at),
  action: 'created',
  actor,
  secret: { id: `s-${String(at)}`, name: 'Flood', hint: 'abc' },
});
const expired = (at: number): AuditEntry => ({
  at: epochSeconds(at),
  action: 'expired',
  secret: { id: `s-${String(at)}`, name: 'Flood', hint: 'abc' },
});

/** The shortest trail at the bound: entries of equal length serialise to `[` + n × (entry + `,`) − 1 + `]`. */
function fullTrail(): AuditEntry[] {
  const entryBytes = JSON.stringify(created(2_000_000_000)).length;
  const count = Math.ceil((AUDIT_MAX_BYTES - 1) / (entryBytes + 1));
  return Array.from({ length: count }, (_, i) => created(2_000_000_000 - i));
}

const application = (audit: AuditEntry[]) =>
  ({ clientId: 'Partner-NL-Flood-DM', audit }) as StoredApplication;
const change = (entries: AuditEntry[], recordsChangeMade?: boolean) =>
  ({ auditEntries: entries, ...(recordsChangeMade ? { recordsChangeMade } : {}) }) as ApplicationChange;

describe('the audit trail size bound', () => {
  it('given a trail at AUDIT_MAX_BYTES, then a change by a person is refused and nothing else is', () => {
    const full = application(fullTrail());
    expect(auditIsFull(full.audit)).toBe(true);
    expect(refusedByFullAudit(full, change([created(2_000_000_001)]))).toBe(true);
    // The sweeper's entries have no actor; an audit-only refresh (reminder ledger) has none at all.
    expect(refusedByFullAudit(full, change([expired(2_000_000_001)]))).toBe(false);
    expect(refusedByFullAudit(full, change([]))).toBe(false);
    // A manager's role already changed in Keycloak is always recorded.
    expect(refusedByFullAudit(full, change([created(2_000_000_001)], true))).toBe(false);
  });

  it('given a trail one entry below the bound, then a change by a person is still written', () => {
    const below = application(fullTrail().slice(1));
    expect(auditIsFull(below.audit)).toBe(false);
    expect(refusedByFullAudit(below, change([created(2_000_000_001)]))).toBe(false);
  });
});
