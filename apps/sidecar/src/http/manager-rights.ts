// Manager rights (docs/architecture.md#authorisation): reads trust the token's roles; mutations re-check
// against Keycloak so that a removed manager loses write access within the cache lifetime (≤ 30 s) instead of
// at token expiry.
import type { Principal } from './principal.ts';

/** The live source of manager rights (implemented on top of the Keycloak adapter). */
export interface ManagerRights {
  isManager(userId: string, clientId: string): Promise<boolean>;
}

export const MAX_MANAGER_RIGHTS_TTL_MS = 30_000;

export interface ManagerRightsCacheOptions {
  /** At most MAX_MANAGER_RIGHTS_TTL_MS. */
  ttlMs?: number;
  /** Entries kept before the oldest are dropped. */
  maxEntries?: number;
  /** Epoch milliseconds. */
  now?: () => number;
}

export interface ManagerRightsCache extends ManagerRights {
  /** Forgets one answer, e.g. right after credman itself added or removed that manager. */
  invalidate(userId: string, clientId: string): void;
  readonly size: number;
}

interface Entry {
  answer: Promise<boolean>;
  expiresAt: number;
}

/**
 * Caches `source`'s answers for `ttlMs`. Concurrent questions share one lookup; a failed lookup is not cached,
 * so the next request asks Keycloak again.
 */
export function cacheManagerRights(
  source: ManagerRights,
  options: ManagerRightsCacheOptions = {},
): ManagerRightsCache {
  const ttlMs = options.ttlMs ?? MAX_MANAGER_RIGHTS_TTL_MS;
  if (!(ttlMs >= 0 && ttlMs <= MAX_MANAGER_RIGHTS_TTL_MS)) {
    throw new RangeError(`ttlMs must be between 0 and ${MAX_MANAGER_RIGHTS_TTL_MS}`);
  }
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  // NUL cannot occur in a user id or client ID, so the key is unambiguous.
  const keyOf = (userId: string, clientId: string) => `${userId}\u0000${clientId}`;

  return {
    isManager(userId, clientId) {
      const key = keyOf(userId, clientId);
      const cached = entries.get(key);
      if (cached !== undefined && cached.expiresAt > now()) return cached.answer;
      entries.delete(key);
      const answer = source.isManager(userId, clientId);
      const entry: Entry = { answer, expiresAt: now() + ttlMs };
      entries.set(key, entry);
      answer.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      // Map keeps insertion order, so the first keys are the oldest.
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
      return answer;
    },
    invalidate(userId, clientId) {
      entries.delete(keyOf(userId, clientId));
    },
    get size() {
      return entries.size;
    },
  };
}

/** Whether the principal may see the application: operators see all, managers their own (token roles). */
export function canView(principal: Principal, clientId: string): boolean {
  return principal.isOperator || principal.managedClientIds.includes(clientId);
}

/**
 * Whether the principal may change the application's secrets: a credential manager, confirmed by the live
 * source when one is configured (the token's roles may be up to a token lifetime old).
 */
export async function canManageSecrets(
  principal: Principal,
  clientId: string,
  managerRights: ManagerRights | undefined,
): Promise<boolean> {
  if (managerRights === undefined) return principal.managedClientIds.includes(clientId);
  return managerRights.isManager(principal.userId, clientId);
}
