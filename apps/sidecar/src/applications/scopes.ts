// An application's API permissions are its default client scopes that the API catalogue names
// (docs/architecture.md#editing-secrets-and-applications). The one place that maps permissions to scope changes.
// Pure.
import type { ApiCatalogue } from '@credman/domain';

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
