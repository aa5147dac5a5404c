import { describe, expect, it } from 'vitest';
import { findRealmIntegrityProblems } from './integrity.ts';
import type { JsonObject } from './json.ts';
import { loadRealm } from './load-realm.ts';

function demoRealm(): JsonObject {
  return loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: 'test-only' }, demo: true });
}

describe('findRealmIntegrityProblems', () => {
  it('finds a missing built-in scope (the clientScopes-array trap)', () => {
    const realm = demoRealm();
    realm['clientScopes'] = (realm['clientScopes'] as JsonObject[]).filter(
      (scope) => scope['name'] !== 'roles',
    );
    expect(findRealmIntegrityProblems(realm)).toEqual([
      'built-in client scope "roles" is missing',
      'defaultDefaultClientScopes references unknown client scope "roles"',
      'client "credman-sidecar" defaultClientScopes references unknown client scope "roles"',
      'client "Partner-NL-OrganisationName-DM" defaultClientScopes references unknown client scope "roles"',
      'client "Partner-NL-OrganisationName-SMC" defaultClientScopes references unknown client scope "roles"',
      'client "PartnerAlternative-NL-OrganisationName-SMC" defaultClientScopes references unknown client scope "roles"',
    ]);
  });

  it('finds duplicate clients, scopes and users', () => {
    const realm = demoRealm();
    const clients = realm['clients'] as JsonObject[];
    const scopes = realm['clientScopes'] as JsonObject[];
    const users = realm['users'] as JsonObject[];
    realm['clients'] = [...clients, clients[0]!];
    realm['clientScopes'] = [...scopes, scopes[0]!];
    realm['users'] = [...users, users[0]!];
    expect(findRealmIntegrityProblems(realm)).toEqual([
      'client scope "profile" is defined more than once',
      'client "credman-console" is defined more than once',
      'user "service-account-credman-sidecar" is defined more than once',
    ]);
  });

  it('refuses to define a scope Keycloak creates itself, or to list offline_access as a realm optional scope', () => {
    const realm = demoRealm();
    realm['clientScopes'] = [
      ...(realm['clientScopes'] as JsonObject[]),
      { name: 'offline_access', protocol: 'openid-connect' },
    ];
    expect(findRealmIntegrityProblems(realm)).toEqual([
      'client scope "offline_access" is created by Keycloak; do not define it',
    ]);

    const other = demoRealm();
    other['defaultOptionalClientScopes'] = ['offline_access'];
    expect(findRealmIntegrityProblems(other)).toEqual([
      'defaultOptionalClientScopes references unknown client scope "offline_access"',
    ]);
  });

  it('has nothing to say about a realm without a clientScopes array (Keycloak then creates the built-ins)', () => {
    expect(
      findRealmIntegrityProblems({
        realm: 'plain',
        clients: [{ clientId: 'a', defaultClientScopes: ['roles'] }],
      }),
    ).toEqual([]);
  });
});
