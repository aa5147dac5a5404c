// The operator role checked live (docs/architecture.md#authorisation): a token says "operator" for its whole
// lifetime, so a request whose token carries the role is confirmed against Keycloak (cached ≤ 30 s). A user whose
// `credman-operator` role was removed (directly, from a group or from a composite) loses every operator right
// within the cache lifetime, without logging out. A token without the role is taken at its word: a new operator
// waits for a fresh token, the safe direction.
import type { RequestHandler } from 'express';
import type { KeycloakPort } from '../keycloak/port.ts';
import { cacheLiveAnswers } from './live-answer-cache.ts';
import type { LiveAnswerCacheOptions } from './live-answer-cache.ts';
import { principalOf, setPrincipal } from './principal.ts';

/** The live source of the operator role. */
export interface OperatorRights {
  isOperator(userId: string): Promise<boolean>;
}

/** Whether the user holds the operator realm role in Keycloak now (effective realm roles). */
export function keycloakOperatorRights(keycloak: KeycloakPort, operatorRole: string): OperatorRights {
  return { isOperator: (userId) => keycloak.userHasRealmRole(userId, operatorRole) };
}

/** Caches `source`'s answers for at most 30 s (live-answer-cache.ts); failures are not cached. */
export function cacheOperatorRights(
  source: OperatorRights,
  options: LiveAnswerCacheOptions = {},
): OperatorRights {
  const cache = cacheLiveAnswers((userId) => source.isOperator(userId), options);
  return { isOperator: (userId) => cache.answer(userId) };
}

/**
 * After authentication: a principal whose token says operator keeps `isOperator` only while Keycloak agrees.
 * Without a live source (tests of the token alone) the token decides.
 */
export function confirmOperatorRole(rights: OperatorRights | undefined): RequestHandler {
  return async (req, _res, next) => {
    const principal = principalOf(req);
    if (rights !== undefined && principal.isOperator && !(await rights.isOperator(principal.userId)))
      setPrincipal(req, { ...principal, isOperator: false });
    next();
  };
}
