// The rotation protocol (docs/architecture.md#rotation-protocol) as pure functions: from what Keycloak holds
// (the slots) and what credman recorded (the secrets document) to the next state, which the caller writes in
// ONE PUT. No I/O here; the current time and the secret generator are passed in.
import { MAX_LIVE_SECRETS, plusSeconds, secretHint, toMillis } from '@credman/domain';
import type { EpochSeconds } from '@credman/domain';
import type { Actor, SecretDigest, SecretRecord, SecretsDocument } from '../store/records/secrets.ts';
import { SecretLimitError, SecretNotFoundError } from './errors.ts';
import { liveSecrets, trimHistory } from './metadata.ts';
import type { DesiredSlots, ObservedSlots, Slot, WrittenSlot } from '../store/slots.ts';
import { acceptedByKeycloak } from '../store/slots.ts';

/** Who a record adopted from an out-of-band change is attributed to. */
export const OUTSIDE_CREDMAN: Actor = { id: 'keycloak', username: '', name: 'Changed outside credman' };

export type AuditAction = 'created' | 'deleted' | 'expired' | 'lost' | 'adopted' | 'undelivered-removed';

/**
 * Who removes a secret whose create failed for its requester but landed later
 * (docs/architecture.md#writes-that-land-late).
 */
export const REMOVED_BY_CREDMAN: Actor = {
  id: 'credman',
  username: '',
  name: 'credman (value never delivered)',
};

export interface AuditEvent {
  action: AuditAction;
  /** Epoch seconds. */
  at: EpochSeconds;
  actor: Actor | undefined;
  secretId: string;
  secretName: string;
  hint: string;
}

export interface LiveSecret {
  record: SecretRecord;
  /** The plaintext value, read from Keycloak's slot; held only in memory to move it between slots. */
  value: string;
}

export interface Settled {
  live: LiveSecret[];
  /** Ended and other non-live records, with the changes of this settlement applied. */
  ended: SecretRecord[];
  events: AuditEvent[];
}

function matches(record: SecretRecord, slot: Slot | undefined): boolean {
  return (
    slot !== undefined &&
    secretHint(slot.value) === record.hint &&
    slot.createdAt === record.createdAt &&
    slot.expiresAt === record.expiresAt
  );
}

function audit(
  action: AuditAction,
  at: EpochSeconds,
  actor: Actor | undefined,
  record: SecretRecord,
): AuditEvent {
  return { action, at, actor, secretId: record.id, secretName: record.name, hint: record.hint };
}

/** The record of a secret Keycloak accepts that credman did not create. */
function adoptedRecord(slot: Slot, now: EpochSeconds, id: string): SecretRecord {
  // A current secret without expiration gets one at Keycloak's next update (executor); adopt it as the
  // policy's maximum so credman writes a finite expiry.
  const expiresAt = slot.expiresAt ?? plusSeconds(now, 365 * 86_400);
  return {
    id,
    name: 'Secret changed outside credman',
    hint: secretHint(slot.value),
    createdAt: slot.createdAt ?? now,
    createdBy: OUTSIDE_CREDMAN,
    expiresAt,
    expiresOn: new Date(toMillis(expiresAt)).toISOString().slice(0, 10),
    state: 'live',
  };
}

/**
 * Brings the record up to date with Keycloak at `now`: live records whose slot is gone become `lost`, live
 * records past their expiry become `expired`, and a secret Keycloak accepts that credman did not create is
 * adopted as a record (out-of-band changes are shown and audited, never silently dropped —
 * docs/architecture.md#changes-made-outside-credman).
 */
export function settle(
  document: SecretsDocument,
  slots: ObservedSlots,
  now: EpochSeconds,
  newId: () => string,
): Settled {
  const events: AuditEvent[] = [];
  const live: LiveSecret[] = [];
  const ended: SecretRecord[] = document.secrets.filter((s) => s.state !== 'live');
  const usedSlots = new Set<'current' | 'rotated'>();

  for (const record of liveSecrets(document)) {
    const slotName = matches(record, slots.current)
      ? 'current'
      : matches(record, slots.rotated)
        ? 'rotated'
        : undefined;
    if (slotName === undefined || usedSlots.has(slotName)) {
      const lost: SecretRecord = { ...record, state: 'lost', endedAt: now };
      ended.push(lost);
      events.push(audit('lost', now, undefined, lost));
      continue;
    }
    usedSlots.add(slotName);
    if (record.expiresAt < now) {
      // Keycloak stopped accepting it at expiresAt + 1; the record catches up.
      const expired: SecretRecord = {
        ...record,
        state: 'expired',
        endedAt: plusSeconds(record.expiresAt, 1),
      };
      ended.push(expired);
      events.push(audit('expired', expired.endedAt ?? now, undefined, expired));
      continue;
    }
    const slot = slotName === 'current' ? slots.current : slots.rotated;
    if (slot) live.push({ record, value: slot.value });
  }

  for (const slotName of ['current', 'rotated'] as const) {
    const slot = slots[slotName];
    if (!slot || usedSlots.has(slotName) || !acceptedByKeycloak(slots, slotName, now)) continue;
    if (
      slotName === 'current' &&
      document.placeholderCreatedAt !== undefined &&
      slot.createdAt === document.placeholderCreatedAt
    )
      continue;
    const adopted = adoptedRecord(slot, now, newId());
    live.push({ record: adopted, value: slot.value });
    events.push(audit('adopted', now, undefined, adopted));
  }
  return { live, ended, events };
}

/**
 * How long a placeholder stays unexpired: as long as a claimed write may take to land (the claim lease). A
 * placeholder already expired when its PUT reaches Keycloak makes Keycloak's rotation executor replace it with
 * a new secret valid for a year that nobody holds, and the plan is made before the claim and the PUT (tens to
 * hundreds of milliseconds on a real server). Its value is random and never shown, so it is no usable secret.
 */
export const PLACEHOLDER_GRACE_SECONDS = 120;

/**
 * The slot rule: current holds the live secret with the LATER expiry, rotated the other one (Keycloak rejects
 * the rotated secret once the current one has expired). With no live secret, current holds a placeholder
 * nobody knows, unexpired for PLACEHOLDER_GRACE_SECONDS.
 */
export function desiredSlots(live: LiveSecret[], now: EpochSeconds, placeholderValue: string): DesiredSlots {
  const toSlot = (secret: LiveSecret): WrittenSlot => ({
    value: secret.value,
    createdAt: secret.record.createdAt,
    expiresAt: secret.record.expiresAt,
  });
  const ordered = [...live].sort(
    (a, b) => b.record.expiresAt - a.record.expiresAt || b.record.createdAt - a.record.createdAt,
  );
  const [first, second] = ordered;
  if (!first)
    return {
      current: {
        value: placeholderValue,
        createdAt: now,
        expiresAt: plusSeconds(now, PLACEHOLDER_GRACE_SECONDS),
      },
      rotated: undefined,
    };
  return { current: toSlot(first), rotated: second ? toSlot(second) : undefined };
}

export interface Plan {
  document: SecretsDocument;
  slots: DesiredSlots;
  events: AuditEvent[];
}

function nextDocument(
  previous: SecretsDocument,
  live: LiveSecret[],
  ended: SecretRecord[],
  slots: DesiredSlots,
  writer: string,
): SecretsDocument {
  const placeholder = live.length === 0 ? slots.current.createdAt : undefined;
  return {
    schema: 1,
    revision: previous.revision + 1,
    writer,
    placeholderCreatedAt: placeholder,
    secrets: trimHistory([...live.map((s) => s.record), ...ended]),
  };
}

export interface PlanContext {
  /** The time the plan is made for, in Keycloak's unit. */
  now: EpochSeconds;
  writer: string;
  newId: () => string;
  generateSecret: () => string;
  /** The one-way digest a new secret's record keeps (store/records/retired-secrets.ts); none: no digest. */
  digest?: (value: string) => SecretDigest;
}

export interface NewSecret {
  name: string;
  /** '' or absent: no notes. */
  notes?: string;
  expiresAt: EpochSeconds;
  expiresOn: string;
  createdBy: Actor;
}

/** The plan that keeps `live` in the slots (by the slot rule) and `ended` in the history, with its audit events. */
function planFor(
  document: SecretsDocument,
  live: LiveSecret[],
  ended: SecretRecord[],
  events: AuditEvent[],
  ctx: PlanContext,
): Plan {
  const next = desiredSlots(live, ctx.now, ctx.generateSecret());
  return { document: nextDocument(document, live, ended, next, ctx.writer), slots: next, events };
}

/** Create: EMPTY → ONE, ONE → TWO (placed by the slot rule), TWO → refused. */
export function planCreate(
  document: SecretsDocument,
  slots: ObservedSlots,
  request: NewSecret,
  ctx: PlanContext,
): Plan & { created: LiveSecret } {
  const settled = settle(document, slots, ctx.now, ctx.newId);
  if (settled.live.length >= MAX_LIVE_SECRETS) {
    const soonest = [...settled.live].sort((a, b) => a.record.expiresAt - b.record.expiresAt)[0];
    if (soonest) throw new SecretLimitError(soonest.record);
  }
  const value = ctx.generateSecret();
  const record: SecretRecord = {
    id: ctx.newId(),
    name: request.name,
    ...(request.notes ? { notes: request.notes } : {}),
    hint: secretHint(value),
    createdAt: ctx.now,
    createdBy: request.createdBy,
    expiresAt: request.expiresAt,
    expiresOn: request.expiresOn,
    state: 'live',
    digest: ctx.digest?.(value),
  };
  const created: LiveSecret = { record, value };
  const events = [...settled.events, audit('created', ctx.now, request.createdBy, record)];
  return { ...planFor(document, [...settled.live, created], settled.ended, events, ctx), created };
}

/** Delete: TWO → ONE (the remaining secret moves to current), ONE → EMPTY (placeholder). */
export function planDelete(
  document: SecretsDocument,
  slots: ObservedSlots,
  secretId: string,
  actor: Actor,
  ctx: PlanContext,
): Plan & { deleted: SecretRecord } {
  return planEnd(document, slots, { secretId, actor, action: 'deleted' }, ctx);
}

/**
 * Removes a live secret whose value nobody received: its create answered 503 but its PUT landed later
 * (docs/architecture.md#writes-that-land-late). Like a delete, by credman, audited `undelivered-removed`.
 */
export function planRemoveUndelivered(
  document: SecretsDocument,
  slots: ObservedSlots,
  secretId: string,
  ctx: PlanContext,
): Plan & { deleted: SecretRecord } {
  return planEnd(
    document,
    slots,
    { secretId, actor: REMOVED_BY_CREDMAN, action: 'undelivered-removed' },
    ctx,
  );
}

function planEnd(
  document: SecretsDocument,
  slots: ObservedSlots,
  end: { secretId: string; actor: Actor; action: 'deleted' | 'undelivered-removed' },
  ctx: PlanContext,
): Plan & { deleted: SecretRecord } {
  const settled = settle(document, slots, ctx.now, ctx.newId);
  const target = settled.live.find((s) => s.record.id === end.secretId);
  if (!target) throw new SecretNotFoundError(`no live secret ${end.secretId}`);
  const deleted: SecretRecord = { ...target.record, state: 'deleted', endedAt: ctx.now, endedBy: end.actor };
  const live = settled.live.filter((s) => s !== target);
  const events = [...settled.events, audit(end.action, ctx.now, end.actor, deleted)];
  return { ...planFor(document, live, [...settled.ended, deleted], events, ctx), deleted };
}

/**
 * Refresh: the settled state, always. For writes that change no secret (e.g. an audit entry) but must still
 * carry the slots: with the rotation policy applied, a PUT on a client whose current secret has expired makes
 * Keycloak rotate in a new secret (docs/architecture.md#one-put-per-transition), so every credman PUT writes
 * live slot state.
 */
export function planRefresh(document: SecretsDocument, slots: ObservedSlots, ctx: PlanContext): Plan {
  const settled = settle(document, slots, ctx.now, ctx.newId);
  return planFor(document, settled.live, settled.ended, settled.events, ctx);
}

/** Sweep: records expiries and out-of-band changes; undefined when there is nothing to write. */
export function planSweep(
  document: SecretsDocument,
  slots: ObservedSlots,
  ctx: PlanContext,
): Plan | undefined {
  const settled = settle(document, slots, ctx.now, ctx.newId);
  if (settled.events.length === 0) return undefined;
  return planFor(document, settled.live, settled.ended, settled.events, ctx);
}
