// Per-secret "last used" from Keycloak's CLIENT_LOGIN events (reference Part 3). An event only says whether the
// client used its current or its rotated secret; which secret sat in which slot at that moment follows from the
// records and the slot rule (current = the live secret with the later expiry), so it is reconstructed here.
import type { SecretRecord } from './metadata.ts';

export interface LoginEvent {
  /** Epoch milliseconds. */
  time: number;
  usedRotatedSecret: boolean;
}

function liveAt(record: SecretRecord, seconds: number): boolean {
  if (record.createdAt > seconds || record.expiresAt < seconds) return false;
  return record.state === 'live' || (record.endedAt !== undefined && record.endedAt > seconds);
}

/** The secret in each slot at a moment (epoch seconds), by the slot rule. */
export function occupantsAt(
  records: SecretRecord[],
  seconds: number,
): { current?: SecretRecord; rotated?: SecretRecord } {
  const [current, rotated] = records
    .filter((r) => liveAt(r, seconds))
    .sort((a, b) => b.expiresAt - a.expiresAt || b.createdAt - a.createdAt);
  return { ...(current ? { current } : {}), ...(rotated ? { rotated } : {}) };
}

/** Epoch milliseconds of each secret's latest use, by secret id. */
export function lastUsedBySecret(records: SecretRecord[], events: LoginEvent[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const event of events) {
    const occupants = occupantsAt(records, Math.floor(event.time / 1000));
    const used = event.usedRotatedSecret ? occupants.rotated : occupants.current;
    if (!used) continue;
    const previous = result.get(used.id);
    if (previous === undefined || previous < event.time) result.set(used.id, event.time);
  }
  return result;
}
