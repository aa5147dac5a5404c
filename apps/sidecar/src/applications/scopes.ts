// The client scopes of an application, decided in one place (docs/architecture.md#applications,
// docs/architecture.md#editing-secrets-and-applications): a machine client gets Keycloak's `basic` (sub) and
// `roles` and its API permissions as default scopes, no optional scopes (so no `offline_access`,
// `microprofile-jwt`/`upn`, `address` or `phone` on request) and `fullScopeAllowed: false` (no realm roles in its
// tokens it was not given). Its permissions are the default scopes the API catalogue names. Pure.
import type { ApiCatalogue } from '@credman/domain';
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

/** The catalogue's scopes among a client's default client scopes, in the client's order. */
export function permissionsOf(defaultClientScopes: readonly string[], catalogue: ApiCatalogue): string[] {
  const known = new Set(catalogue.flatMap((api) => [api.scopes.production, api.scopes.sandbox]));
  return defaultClientScopes.filter((scope) => known.has(scope));
}

/** The default client scopes to add and to take off so that the permissions become `wanted`. */
export function permissionScopeChanges(
  current: readonly string[],
  wanted: readonly string[],
): { add: string[]; remove: string[] } {
  return {
    add: wanted.filter((scope) => !current.includes(scope)),
    remove: current.filter((scope) => !wanted.includes(scope)),
  };
}
