// Per-secret "last used" from Keycloak's CLIENT_LOGIN events. An event says at most whether the client used its
// current or its rotated secret (credman's Keycloak extension, or 26.8's upstream detail: the adapter's
// `toClientLoginEvent` decides); which secret sat in which slot at that moment follows from the records and the
// slot rule (current = the live secret with the later expiry), so it is reconstructed here. Keycloak 26.7 does
// not say even that: such a login counts as a possible use of every secret live at that moment, marked
// ambiguous when there were two, so that a rotated secret partners still use is never shown as unused.
import { toSeconds } from '@credman/domain';
import type { SecretRecord } from '../store/records/secrets.ts';

export interface LoginEvent {
  /** Epoch milliseconds. */
  time: number;
  /** Whether the rotated secret was used; undefined when Keycloak did not say. */
  usedRotatedSecret: boolean | undefined;
  /** Where the token request came from. */
  ipAddress?: string | undefined;
}

/** A secret's latest use. */
export interface LastUse {
  /** Epoch milliseconds. */
  at: number;
  /**
   * True when Keycloak did not say which secret the login used and another secret was live then too: the
   * login was this application's, possibly with this secret.
   */
  ambiguous: boolean;
}

function liveAt(record: SecretRecord, seconds: number): boolean {
  if (record.createdAt > seconds || record.expiresAt < seconds) return false;
  return record.state === 'live' || (record.endedAt !== undefined && record.endedAt > seconds);
}

/** The secret in each slot at a moment (epoch seconds), by the slot rule. */
export function occupantsAt(
  records: SecretRecord[],
  seconds: number,
): { current: SecretRecord | undefined; rotated: SecretRecord | undefined } {
  const [current, rotated] = records
    .filter((r) => liveAt(r, seconds))
    .sort((a, b) => b.expiresAt - a.expiresAt || b.createdAt - a.createdAt);
  return { current, rotated };
}

/** The secrets a login may have used. */
function candidates(records: SecretRecord[], event: LoginEvent): SecretRecord[] {
  const { current, rotated } = occupantsAt(records, toSeconds(event.time));
  const used =
    event.usedRotatedSecret === undefined
      ? [current, rotated]
      : [event.usedRotatedSecret ? rotated : current];
  return used.filter((record) => record !== undefined);
}

/** Each secret's latest (possible) use, by secret id. */
export function lastUsedBySecret(records: SecretRecord[], events: LoginEvent[]): Map<string, LastUse> {
  const result = new Map<string, LastUse>();
  for (const event of events) {
    const used = candidates(records, event);
    const ambiguous = used.length > 1;
    for (const record of used) {
      const previous = result.get(record.id);
      // The later login wins; at the same instant a definite attribution beats an ambiguous one.
      if (
        previous === undefined ||
        previous.at < event.time ||
        (previous.at === event.time && previous.ambiguous && !ambiguous)
      )
        result.set(record.id, { at: event.time, ambiguous });
    }
  }
  return result;
}

/** How many distinct client addresses a secret's usage lists at most. */
export const USAGE_ADDRESSES_MAX = 10;
const DAY_MS = 24 * 60 * 60_000;

/** A secret's use over the events read (docs/architecture.md#last-use-per-secret). */
export interface SecretUsage {
  last: LastUse;
  /** The earliest login seen (within the events read) with this secret, or possibly with it. */
  first: { at: number; ipAddress?: string | undefined; ambiguous: boolean };
  /** Token requests in the 24 hours and 7 days before `now`. */
  last24Hours: number;
  last7Days: number;
  /** The distinct client addresses, newest first, at most USAGE_ADDRESSES_MAX. */
  addresses: string[];
  /** Some counted login may have been with the other live secret. */
  ambiguous: boolean;
}

/**
 * Each secret's usage: last and first use, counts of the last 24 hours and 7 days, and the addresses seen. A
 * login Keycloak attributed counts for exactly one secret; an unattributed one for every secret live then.
 */
export function usageBySecret(
  records: SecretRecord[],
  events: LoginEvent[],
  now: number,
): Map<string, SecretUsage> {
  const last = lastUsedBySecret(records, events);
  const result = new Map<string, SecretUsage>();
  // Newest first, so the addresses list keeps the most recent ones.
  const ordered = [...events].sort((a, b) => b.time - a.time);
  for (const event of ordered) {
    const used = candidates(records, event);
    const ambiguous = used.length > 1;
    for (const record of used) {
      const lastUse = last.get(record.id);
      if (lastUse === undefined) continue;
      const usage = result.get(record.id) ?? {
        last: lastUse,
        first: { at: event.time, ambiguous },
        last24Hours: 0,
        last7Days: 0,
        addresses: [],
        ambiguous: false,
      };
      if (event.time <= usage.first.at)
        usage.first = { at: event.time, ambiguous, ipAddress: event.ipAddress };
      if (now - event.time < DAY_MS) usage.last24Hours++;
      if (now - event.time < 7 * DAY_MS) usage.last7Days++;
      if (
        event.ipAddress !== undefined &&
        !usage.addresses.includes(event.ipAddress) &&
        usage.addresses.length < USAGE_ADDRESSES_MAX
      )
        usage.addresses.push(event.ipAddress);
      usage.ambiguous ||= ambiguous;
      result.set(record.id, usage);
    }
  }
  return result;
}
