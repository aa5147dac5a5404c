/**
 * The client scopes Keycloak 26.x creates in a new realm, and how a realm file must account for them.
 *
 * `RealmManager.importRealm` calls `createDefaultClientScopes` only when the file has NO `clientScopes`
 * array (keycloak/keycloak services/src/main/java/org/keycloak/services/managers/RealmManager.java). Our file
 * has one (the API-permission scopes), so it must define these itself. Names and realm default/optional
 * placement come from `OIDCLoginProtocolFactory.createDefaultClientScopesImpl` and
 * `SamlProtocolFactory.createDefaultClientScopesImpl` (features STEP_UP_AUTHENTICATION and ORGANIZATION are on
 * by default in 26.x; TOKEN_EXCHANGE_DELEGATION's `delegation:*` scopes are not, so they are left out).
 */
export interface BuiltinScope {
  readonly name: string;
  readonly protocol: 'openid-connect' | 'saml';
  /** Where Keycloak puts it: realm default scope, realm optional scope, or neither (attached per client). */
  readonly realmPlacement: 'default' | 'optional' | 'none';
}

export const BUILTIN_CLIENT_SCOPES: readonly BuiltinScope[] = [
  { name: 'profile', protocol: 'openid-connect', realmPlacement: 'default' },
  { name: 'email', protocol: 'openid-connect', realmPlacement: 'default' },
  { name: 'address', protocol: 'openid-connect', realmPlacement: 'optional' },
  { name: 'phone', protocol: 'openid-connect', realmPlacement: 'optional' },
  { name: 'roles', protocol: 'openid-connect', realmPlacement: 'default' },
  { name: 'web-origins', protocol: 'openid-connect', realmPlacement: 'default' },
  { name: 'microprofile-jwt', protocol: 'openid-connect', realmPlacement: 'optional' },
  { name: 'acr', protocol: 'openid-connect', realmPlacement: 'default' },
  { name: 'basic', protocol: 'openid-connect', realmPlacement: 'default' },
  { name: 'service_account', protocol: 'openid-connect', realmPlacement: 'none' },
  { name: 'organization', protocol: 'openid-connect', realmPlacement: 'optional' },
  { name: 'role_list', protocol: 'saml', realmPlacement: 'default' },
  { name: 'saml_organization', protocol: 'saml', realmPlacement: 'default' },
];

/**
 * Scopes a realm file may reference without defining them, because Keycloak creates them on import anyway:
 * - `offline_access`: `RealmManager.setupOfflineTokens` creates the role and the scope (a realm default
 *   optional scope) whenever the file lacks either; so the file defines neither, and must not list it in
 *   `defaultOptionalClientScopes` (that list is matched against the file's own scopes only).
 * - `kc-admin-api`: new in 26.8.2; a client referencing a scope that does not exist only gets a warning
 *   ("Referenced client scope '%s' doesn't exist. Ignoring", `RepresentationToModel.addClientScopeToClient`).
 *   Whether 26.8.2 creates it for an imported realm that has a `clientScopes` array could not be read in
 *   source: check after import (see keycloak-realm/README.md).
 */
export const SCOPES_KEYCLOAK_CREATES_ON_IMPORT: readonly string[] = ['offline_access', 'kc-admin-api'];

/** credman's API permissions (docs/architecture.md#applications): one client scope per API and environment. */
export const API_PERMISSION_SCOPES: readonly string[] = [
  'dm.production',
  'dm.sandbox',
  'smc.production',
  'smc.sandbox',
];
