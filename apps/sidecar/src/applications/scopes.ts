// The client scopes of an application, decided in one place (docs/architecture.md#applications): a machine
// client gets Keycloak's `basic` (sub) and `roles` and its API permissions as default scopes, no optional
// scopes (so no `offline_access`, `microprofile-jwt`/`upn`, `address` or `phone` on request) and
// `fullScopeAllowed: false` (no realm roles in its tokens it was not given).
import type { NewClient } from '../keycloak/port.ts';

/** Scopes every application gets besides its API permissions: Keycloak's `basic` (sub) and `roles`. */
export const BASE_CLIENT_SCOPES = ['basic', 'roles'] as const;

export type ApplicationScopes = Pick<
  NewClient,
  'defaultClientScopes' | 'optionalClientScopes' | 'fullScopeAllowed'
>;

/** The scope settings of an application holding `permissions` (client scopes of the API catalogue). */
export function applicationScopes(permissions: readonly string[]): ApplicationScopes {
  return {
    defaultClientScopes: [...BASE_CLIENT_SCOPES, ...permissions],
    optionalClientScopes: [],
    fullScopeAllowed: false,
  };
}
