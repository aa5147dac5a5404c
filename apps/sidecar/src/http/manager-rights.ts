// Manager rights (docs/architecture.md#authorisation): reads trust a token that carries the role and ask Keycloak
// when it does not (a manager added after login); mutations always re-check against Keycloak so that a removed
// manager loses write access within the cache lifetime (≤ 30 s) instead of at token expiry.
import { MAX_LIVE_ANSWER_TTL_MS, cacheLiveAnswers } from './live-answer-cache.ts';
import type { LiveAnswerCacheOptions } from './live-answer-cache.ts';
import type { Principal } from './principal.ts';

/** The live source of manager rights (implemented on top of the Keycloak adapter). */
export interface ManagerRights {
  isManager(userId: string, clientId: string): Promise<boolean>;
}

export const MAX_MANAGER_RIGHTS_TTL_MS = MAX_LIVE_ANSWER_TTL_MS;

export type ManagerRightsCacheOptions = LiveAnswerCacheOptions;

export interface ManagerRightsCache extends ManagerRights {
  /** Forgets one answer, e.g. right after credman itself added or removed that manager. */
  invalidate(userId: string, clientId: string): void;
  readonly size: number;
}

// NUL cannot occur in a user id or client ID, so the key is unambiguous.
const keyOf = (userId: string, clientId: string) => `${userId}\u0000${clientId}`;

/** Caches `source`'s answers for `ttlMs` (live-answer-cache.ts). */
export function cacheManagerRights(
  source: ManagerRights,
  options: ManagerRightsCacheOptions = {},
): ManagerRightsCache {
  const cache = cacheLiveAnswers((key) => {
    const [userId = '', clientId = ''] = key.split('\u0000');
    return source.isManager(userId, clientId);
  }, options);
  return {
    isManager: (userId, clientId) => cache.answer(keyOf(userId, clientId)),
    invalidate: (userId, clientId) => {
      cache.invalidate(keyOf(userId, clientId));
    },
    get size() {
      return cache.size;
    },
  };
}

/**
 * Whether the principal may see the application: operators see all, managers their own. The token's roles
 * answer yes cheaply; when the token lacks the role, the live source decides, so a manager added after their
 * login sees the application within the cache lifetime (at once when the change was made through credman).
 */
export async function canView(
  principal: Principal,
  clientId: string,
  managerRights: ManagerRights | undefined,
): Promise<boolean> {
  if (principal.isOperator || principal.managedClientIds.includes(clientId)) return true;
  return managerRights !== undefined && managerRights.isManager(principal.userId, clientId);
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
