// The double itself: one realm, its signing keys, its clock, and the grant handlers of its token endpoint.
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { importRealm } from './import/import-realm.ts';
import type { RealmState } from './model/realm.ts';
import { createSigningKeys } from './oidc/keys.ts';
import type { SigningKeys } from './oidc/keys.ts';
import { clientCredentialsGrant, passwordGrant } from './oidc/token-endpoint.ts';
import type { GrantHandler } from './oidc/token-endpoint.ts';

export interface KeycloakDouble {
  readonly realm: RealmState;
  readonly keys: SigningKeys;
  readonly clock: Clock;
  /** Token endpoint grant handlers by grant_type. */
  readonly grants: Map<string, GrantHandler>;
  /** Whether credman's Keycloak extension is modelled as installed (keycloak-extension/README.md). */
  readonly extension: boolean;
}

export interface KeycloakDoubleOptions {
  /** A realm representation as Keycloak imports it (parsed JSON). */
  realm: unknown;
  clock?: Clock;
  /**
   * Model credman's Keycloak extension: the event details of the token endpoint and `credman/info`. Off (stock
   * Keycloak) unless set; the double's server entry turns it on by default.
   */
  extension?: boolean;
}

export async function createKeycloakDouble(options: KeycloakDoubleOptions): Promise<KeycloakDouble> {
  const clock = options.clock ?? systemClock;
  const realm = importRealm(options.realm, clock);
  const keys = await createSigningKeys();
  const grants = new Map<string, GrantHandler>([
    ['client_credentials', clientCredentialsGrant],
    ['password', passwordGrant],
  ]);
  return { realm, keys, clock, grants, extension: options.extension ?? false };
}
