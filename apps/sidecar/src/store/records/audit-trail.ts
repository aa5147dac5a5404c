// The application's audit trail, stored by the application store as the client attribute `credman.audit`
// (codecs.ts, docs/architecture.md#audit-retention): newest first, pruned by age, compacted and bounded so
// that no actor can fill it and so block anyone's changes. Entries name secrets by id, name and hint; never by
// value. Pure: the store writes what `appendAudit` returns and hands the archived entries to the log.
import { AUDIT_ACTIONS, EDITABLE_APPLICATION_FIELDS, EDITABLE_SECRET_FIELDS } from '@credman/api-contract';
import { epochSeconds } from '@credman/domain';
import type { EpochSeconds } from '@credman/domain';
import { z } from 'zod';
import { epochSecondsSchema } from './epoch.ts';

/** The life of two secrets: a secret is valid for at most a year (366 days with a leap day). */
export const AUDIT_RETENTION_SECONDS = 2 * 366 * 86_400;

/**
 * Edits by one person of one secret (or of the application) within this period from the first of them are one
 * entry with a count: a rename loop costs one entry a day, not one per request.
 */
export const AUDIT_COMPACTION_SECONDS = 86_400;

/** The stored trail never exceeds this: older entries go to the archive (the log) instead. */
export const AUDIT_MAX_BYTES = 256 * 1024;
/** What an archiving leaves, so that it happens once per ~64 KiB of entries rather than on every write. */
export const AUDIT_ARCHIVE_TARGET_BYTES = 192 * 1024;

export interface AuditBounds {
  maxBytes: number;
  targetBytes: number;
}

export const DEFAULT_AUDIT_BOUNDS: AuditBounds = {
  maxBytes: AUDIT_MAX_BYTES,
  targetBytes: AUDIT_ARCHIVE_TARGET_BYTES,
};

// The actions are part of the API contract (the audit trail is served as is), so they are defined there once.
export { AUDIT_ACTIONS };

export const auditEntrySchema = z.object({
  at: epochSecondsSchema,
  action: z.enum(AUDIT_ACTIONS),
  actor: z.object({ id: z.string(), username: z.string(), name: z.string() }).optional(),
  secret: z.object({ id: z.string(), name: z.string(), hint: z.string() }).optional(),
  // `name` since the full name is shown like the actor's; older entries have none (the username stands in).
  subject: z.object({ id: z.string(), username: z.string(), name: z.string().optional() }).optional(),
  changed: z.array(z.enum([...EDITABLE_SECRET_FIELDS, ...EDITABLE_APPLICATION_FIELDS])).optional(),
  /** A compacted entry: how many edits (or, on `archived`, how many entries moved to the archive). */
  count: z.number().int().min(2).optional(),
  /** A compacted entry: the first edit's time (on `archived`, the oldest archived entry's). */
  since: epochSecondsSchema.optional(),
  /** `retired-secret-presented`: the refused token requests it aggregates (times in epoch seconds). */
  presented: z
    .object({
      firstAt: epochSecondsSchema,
      lastAt: epochSecondsSchema,
      count: z.number().int().positive(),
      addresses: z.array(z.string()),
    })
    .optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditTrailSchema = z.array(auditEntrySchema);

export interface AuditAppend {
  /** The trail to store, newest first, within the bounds. */
  trail: AuditEntry[];
  /** Entries moved out of the stored trail, oldest first: the caller must archive them before storing `trail`. */
  archived: AuditEntry[];
}

const COMPACTED_ACTIONS = new Set<AuditEntry['action']>(['edited', 'application-edited']);

/** Whether `entry` concerns the same thing (a secret, or the application itself) as `other`. */
function sameSubject(entry: AuditEntry, other: AuditEntry): boolean {
  if (entry.secret !== undefined) return other.secret?.id === entry.secret.id;
  return other.secret === undefined && other.subject === undefined && other.action !== 'archived';
}

/**
 * The index in `trail` (newest first) of the entry `entry` is compacted into: the newest entry about the same
 * secret (or the application), when it is the same kind of edit by the same person and started less than
 * AUDIT_COMPACTION_SECONDS before `entry`. Anything else in between (a create, an expiry, another person's
 * edit) starts a new entry, so the order of events a reviewer needs stays visible.
 */
export function compactionTarget(trail: readonly AuditEntry[], entry: AuditEntry): number | undefined {
  if (!COMPACTED_ACTIONS.has(entry.action) || entry.actor === undefined) return undefined;
  const index = trail.findIndex((other) => sameSubject(entry, other));
  const latest = trail[index];
  if (latest === undefined || latest.action !== entry.action || latest.actor?.id !== entry.actor.id)
    return undefined;
  return entry.at - (latest.since ?? latest.at) < AUDIT_COMPACTION_SECONDS ? index : undefined;
}

function compacted(into: AuditEntry, entry: AuditEntry): AuditEntry {
  const changed = [...new Set([...(into.changed ?? []), ...(entry.changed ?? [])])];
  return {
    ...entry,
    ...(changed.length > 0 ? { changed } : {}),
    count: (into.count ?? 1) + 1,
    since: into.since ?? into.at,
  };
}

const entryBytes = (entry: AuditEntry) => Buffer.byteLength(JSON.stringify(entry), 'utf8');

/** The stored size of a trail: `[`, the entries with commas between them, `]`. */
export function auditTrailBytes(trail: readonly AuditEntry[]): number {
  return trail.reduce((sum, entry) => sum + entryBytes(entry), 0) + Math.max(trail.length - 1, 0) + 2;
}

/**
 * Moves the oldest entries out until the trail is within `targetBytes`, leaving one `archived` entry that says
 * how many went and since when; nothing is dropped that is younger than the retention.
 */
function archiveOldest(
  trail: AuditEntry[],
  at: EpochSeconds,
  bounds: AuditBounds,
): { trail: AuditEntry[]; archived: AuditEntry[] } {
  if (auditTrailBytes(trail) <= bounds.maxBytes) return { trail, archived: [] };
  // Room for the marker itself: its size with the largest count and times it can hold.
  const markerBytes = entryBytes({ at, action: 'archived', count: 9_999_999, since: at }) + 1;
  let bytes = auditTrailBytes(trail) + markerBytes;
  let keep = trail.length;
  while (keep > 1 && bytes > bounds.targetBytes) {
    keep -= 1;
    bytes -= entryBytes(trail[keep] as AuditEntry) + 1;
  }
  const archived = trail.slice(keep).reverse();
  const oldest = archived[0];
  if (oldest === undefined) return { trail, archived: [] };
  const marker: AuditEntry = {
    at,
    action: 'archived',
    ...(archived.length > 1 ? { count: archived.length } : {}),
    since: oldest.since ?? oldest.at,
  };
  return { trail: [marker, ...trail.slice(0, keep)], archived };
}

/**
 * Adds entries (in any order): compacts repeated edits, keeps the trail newest first, drops what is older than the
 * retention before the newest, and archives the oldest entries once the trail would exceed `bounds.maxBytes`.
 */
export function appendAudit(
  trail: readonly AuditEntry[],
  entries: readonly AuditEntry[],
  bounds: AuditBounds = DEFAULT_AUDIT_BOUNDS,
): AuditAppend {
  const all = [...trail].sort((a, b) => b.at - a.at);
  for (const entry of [...entries].sort((a, b) => a.at - b.at)) {
    const target = compactionTarget(all, entry);
    const added = target === undefined ? entry : compacted(all[target] as AuditEntry, entry);
    if (target !== undefined) all.splice(target, 1);
    // Newest first; a new entry usually goes to the front.
    const position = all.findIndex((other) => other.at <= added.at);
    all.splice(position === -1 ? all.length : position, 0, added);
  }
  const newest = all[0]?.at;
  if (newest === undefined) return { trail: all, archived: [] };
  const retained = all.filter((entry) => entry.at > newest - AUDIT_RETENTION_SECONDS);
  return archiveOldest(retained, epochSeconds(newest), bounds);
}
