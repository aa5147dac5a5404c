// Session end honoured for writes (docs/architecture.md#authorisation): an access token stays valid for its whole
// lifetime (300 s) after its user logged out, was logged out by an administrator, or was disabled. A request that
// changes something is therefore accepted only while the token's SSO session (`sid`) is still one of the user's
// live sessions in Keycloak (GET /users/{id}/sessions, view-users; cached ≤ 30 s like the manager rights). Reads
// are not checked: they change nothing and the token ends within 300 s.
import type { RequestHandler } from 'express';
import type { KeycloakPort } from '../keycloak/port.ts';
import { cacheLiveAnswers } from './live-answer-cache.ts';
import type { LiveAnswerCacheOptions } from './live-answer-cache.ts';
import { principalOf } from './principal.ts';
import { unauthenticated } from './problems.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The live source: whether `sessionId` is still a session of `userId`. */
export interface SessionCheck {
  isLive(userId: string, sessionId: string): Promise<boolean>;
}

export function keycloakSessionCheck(keycloak: KeycloakPort): SessionCheck {
  return {
    isLive: async (userId, sessionId) => (await keycloak.userSessionIds(userId)).includes(sessionId),
  };
}

/** Caches `source`'s answers for at most 30 s (live-answer-cache.ts); failures are not cached. */
export function cacheSessionCheck(source: SessionCheck, options: LiveAnswerCacheOptions = {}): SessionCheck {
  // User ids are UUIDs and session ids contain no space, so the pair is one unambiguous key.
  const cache = cacheLiveAnswers((key) => {
    const [userId = '', sessionId = ''] = key.split(' ');
    return source.isLive(userId, sessionId);
  }, options);
  return { isLive: (userId, sessionId) => cache.answer(`${userId} ${sessionId}`) };
}

/**
 * After authentication: a mutation whose token has no `sid`, or whose session Keycloak no longer has, is 401.
 * Without a live source (tests of the token alone) the token decides.
 */
export function requireLiveSession(check: SessionCheck | undefined): RequestHandler {
  return async (req, _res, next) => {
    if (check === undefined || SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const { userId, sessionId } = principalOf(req);
    if (sessionId === undefined || sessionId.includes(' ') || !(await check.isLive(userId, sessionId)))
      throw unauthenticated('Your session has ended; log in again.');
    next();
  };
}
