// Ended secrets that systems still present (docs/architecture.md#retired-secrets-presented-again): credman's
// Keycloak extension names the retired secret in a refused login's event; these functions fold such events into
// the secret's record (the mark the API and console show) and decide when to report them (one audit entry and
// one mail to the managers, at most once a day per secret). Pure. Events at or before the newest one already
// counted are skipped, so overlapping reads and several replicas never count a refused request twice.
import { epochSeconds, toSeconds } from '@credman/domain';
import type { EpochSeconds } from '@credman/domain';
import type { AuditEntry } from '../store/records/audit-trail.ts';
import type { RetiredSecretEvent } from '../keycloak/port.ts';
import type { SecretRecord } from '../store/records/secrets.ts';

/** At most one report (audit entry and mail) per secret in this time. */
export const REPORT_INTERVAL_SECONDS = 86_400;
const ADDRESSES_MAX = 10;

type RetiredUse = NonNullable<SecretRecord['retiredUse']>;

function withAddresses(addresses: string[], newestFirst: string[]): string[] {
  return [...new Set([...newestFirst, ...addresses])].slice(0, ADDRESSES_MAX);
}

/** The record with the new events counted; undefined when none is new (or the secret is live). */
export function absorbRetiredEvents(
  record: SecretRecord,
  events: readonly RetiredSecretEvent[],
): SecretRecord | undefined {
  if (record.state === 'live') return undefined;
  const after = record.retiredUse?.lastEventMs ?? -1;
  const fresh = events
    .filter((event) => event.secretId === record.id && event.time > after)
    .sort((a, b) => b.time - a.time);
  const newest = fresh[0];
  const oldest = fresh[fresh.length - 1];
  if (newest === undefined || oldest === undefined) return undefined;
  const addresses = fresh.map((event) => event.ipAddress).filter((ip) => ip !== undefined);
  const previous = record.retiredUse;
  const oldestAt = toSeconds(oldest.time);
  const use: RetiredUse = {
    firstAt: previous?.firstAt ?? oldestAt,
    lastAt: toSeconds(newest.time),
    count: (previous?.count ?? 0) + fresh.length,
    addresses: withAddresses(previous?.addresses ?? [], addresses),
    lastEventMs: newest.time,
    reportedAt: previous?.reportedAt,
    pendingSince: previous?.pendingSince ?? oldestAt,
    pendingCount: (previous?.pendingCount ?? 0) + fresh.length,
    pendingAddresses: withAddresses(previous?.pendingAddresses ?? [], addresses),
  };
  return { ...record, retiredUse: use };
}

/** What a report says: the refused requests since the previous report. */
export interface RetiredUseReport {
  secret: { id: string; name: string; hint: string; state: 'deleted' | 'expired' | 'lost' };
  count: number;
  since: EpochSeconds;
  last: EpochSeconds;
  addresses: string[];
}

/** The report due for this record now (epoch seconds), if any. */
export function dueReport(record: SecretRecord, now: EpochSeconds): RetiredUseReport | undefined {
  const use = record.retiredUse;
  if (record.state === 'live' || use?.pendingSince === undefined || (use.pendingCount ?? 0) === 0)
    return undefined;
  if (use.reportedAt !== undefined && now - use.reportedAt < REPORT_INTERVAL_SECONDS) return undefined;
  return {
    secret: { id: record.id, name: record.name, hint: record.hint, state: record.state },
    count: use.pendingCount ?? 0,
    since: use.pendingSince,
    last: use.lastAt,
    addresses: use.pendingAddresses ?? [],
  };
}

/** The record once its report was made: nothing pending. */
export function markReported(record: SecretRecord, now: EpochSeconds): SecretRecord {
  const use = record.retiredUse;
  if (!use) return record;
  const { pendingSince: _since, pendingCount: _count, pendingAddresses: _addresses, ...rest } = use;
  return { ...record, retiredUse: { ...rest, reportedAt: now } };
}

/** The report's audit entry: aggregate, never one per refused request; never the value or its digest. */
export function reportAuditEntry(report: RetiredUseReport, now: EpochSeconds): AuditEntry {
  return {
    at: now,
    action: 'retired-secret-presented',
    secret: { id: report.secret.id, name: report.secret.name, hint: report.secret.hint },
    presented: {
      firstAt: epochSeconds(report.since),
      lastAt: epochSeconds(report.last),
      count: report.count,
      addresses: report.addresses,
    },
  };
}
