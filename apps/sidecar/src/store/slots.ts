// Keycloak's two secret slots on a client, read from and written to its representation
// (docs/architecture.md#secret-slots): current = `secret` + creation/expiration attributes; rotated = the three
// `client.secret.rotated*` attributes. Values are epoch seconds as decimal strings.
import { epochSeconds } from '@credman/domain';
import type { EpochSeconds } from '@credman/domain';

export const SLOT_ATTRIBUTES = {
  currentCreated: 'client.secret.creation.time',
  currentExpires: 'client.secret.expiration.time',
  rotatedValue: 'client.secret.rotated',
  rotatedCreated: 'client.secret.rotated.creation.time',
  rotatedExpires: 'client.secret.rotated.expiration.time',
} as const;

export interface Slot {
  value: string;
  /** Epoch seconds; undefined when the attribute is absent. */
  createdAt: EpochSeconds | undefined;
  /** Epoch seconds; undefined when absent (Keycloak: the current secret never expires, a rotated one is dead). */
  expiresAt: EpochSeconds | undefined;
}

export interface ObservedSlots {
  current: Slot | undefined;
  rotated: Slot | undefined;
}

/** The slot state credman writes: every time is known. */
export interface WrittenSlot {
  value: string;
  createdAt: EpochSeconds;
  expiresAt: EpochSeconds;
}

export interface DesiredSlots {
  current: WrittenSlot;
  rotated: WrittenSlot | undefined;
}

/** The parts of a Keycloak ClientRepresentation the slots live in. */
export interface SlotCarrier {
  secret?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
}

function attribute(carrier: SlotCarrier, key: string): string | undefined {
  const raw = carrier.attributes?.[key];
  const value = Array.isArray(raw) ? (raw[0] as unknown) : raw;
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function seconds(carrier: SlotCarrier, key: string): EpochSeconds | undefined {
  const value = attribute(carrier, key);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return Number.isInteger(parsed) ? epochSeconds(parsed) : undefined;
}

export function readSlots(client: SlotCarrier): ObservedSlots {
  const current =
    client.secret !== undefined && client.secret !== ''
      ? {
          value: client.secret,
          createdAt: seconds(client, SLOT_ATTRIBUTES.currentCreated),
          expiresAt: seconds(client, SLOT_ATTRIBUTES.currentExpires),
        }
      : undefined;
  // Keycloak treats the rotated slot as present only when value and creation time are both non-blank.
  const rotatedValue = attribute(client, SLOT_ATTRIBUTES.rotatedValue);
  const rotatedCreated = seconds(client, SLOT_ATTRIBUTES.rotatedCreated);
  const rotated =
    rotatedValue !== undefined && rotatedCreated !== undefined
      ? {
          value: rotatedValue,
          createdAt: rotatedCreated,
          expiresAt: seconds(client, SLOT_ATTRIBUTES.rotatedExpires),
        }
      : undefined;
  return { current, rotated };
}

/**
 * Whether Keycloak's token endpoint accepts a secret in this slot at `now`
 * (docs/architecture.md#keycloak-facts).
 */
export function acceptedByKeycloak(
  slots: ObservedSlots,
  which: 'current' | 'rotated',
  now: EpochSeconds,
): boolean {
  const current = slots.current;
  // An expired current secret locks out both slots.
  if (!current || (current.expiresAt !== undefined && current.expiresAt > 0 && current.expiresAt < now))
    return false;
  if (which === 'current') return true;
  const rotated = slots.rotated;
  return rotated !== undefined && rotated.expiresAt !== undefined && rotated.expiresAt >= now;
}

/**
 * The fields of ONE PUT that sets both slots. An empty string removes an attribute (Keycloak's JPA adapter
 * deletes attributes set to "" — docs/architecture.md#one-put-per-transition), so dropping the rotated slot
 * needs no second request.
 */
export function slotRepresentation(desired: DesiredSlots): {
  secret: string;
  attributes: Record<string, string>;
} {
  const { current, rotated } = desired;
  return {
    secret: current.value,
    attributes: {
      [SLOT_ATTRIBUTES.currentCreated]: String(current.createdAt),
      [SLOT_ATTRIBUTES.currentExpires]: String(current.expiresAt),
      [SLOT_ATTRIBUTES.rotatedValue]: rotated?.value ?? '',
      [SLOT_ATTRIBUTES.rotatedCreated]: rotated ? String(rotated.createdAt) : '',
      [SLOT_ATTRIBUTES.rotatedExpires]: rotated ? String(rotated.expiresAt) : '',
    },
  };
}
