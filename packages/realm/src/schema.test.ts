import { describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject } from './json.ts';
import { loadRealm } from './load-realm.ts';
import { credmanRealmSchema } from './schema.ts';

/** A fresh copy of the shipped template, to break one thing at a time. */
function template(): JsonObject {
  return loadRealm({
    env: { CREDMAN_SIDECAR_CLIENT_SECRET: 'test-only', CREDMAN_CONSOLE_URL: 'https://credman.example.org' },
    demo: false,
  });
}

function client(realm: JsonObject, clientId: string): JsonObject {
  const found = (realm['clients'] as JsonObject[]).find((candidate) => candidate['clientId'] === clientId);
  if (found === undefined) throw new Error(`no client ${clientId}`);
  return found;
}

function problems(realm: JsonObject): string[] {
  const result = credmanRealmSchema.safeParse(realm);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('credmanRealmSchema', () => {
  it('accepts the shipped template', () => {
    expect(problems(template())).toEqual([]);
  });

  it('rejects a console client without PKCE S256 or with direct grants', () => {
    const realm = template();
    const console = client(realm, 'credman-console');
    (console['attributes'] as JsonObject)['pkce.code.challenge.method'] = 'plain';
    console['directAccessGrantsEnabled'] = true;
    expect(problems(realm)).toEqual([
      expect.stringMatching(/^clients\.0\.directAccessGrantsEnabled/),
      expect.stringMatching(/^clients\.0\.attributes\.pkce\.code\.challenge\.method/),
    ]);
  });

  it('rejects a realm-wide manage role on the sidecar: it would override every fine-grained permission', () => {
    const realm = template();
    const account = (realm['users'] as JsonObject[]).find(
      (u) => u['username'] === 'service-account-credman-sidecar',
    );
    ((account?.['clientRoles'] as JsonObject)['realm-management'] as string[]).push('manage-users');
    expect(problems(realm)).toEqual([expect.stringContaining('must be exactly query-clients')]);
  });

  it('rejects a sidecar permission that grants more, a missing deny, and FGAP switched off', () => {
    const realm = template();
    const settings = client(realm, 'admin-permissions')['authorizationSettings'] as JsonObject;
    const policies = settings['policies'] as JsonObject[];
    const users = policies.find((p) => p['name'] === 'credman-sidecar-map-roles-all-users');
    (users?.['config'] as JsonObject)['scopes'] = '["map-roles","reset-password"]';
    settings['policies'] = policies.filter((p) => p['name'] !== 'credman-sidecar-not-realm-clients');
    expect(problems(realm)).toEqual([
      expect.stringContaining(
        'credman-sidecar-map-roles-all-users must be as SIDECAR_ADMIN_PERMISSIONS says',
      ),
      expect.stringContaining('credman-sidecar-not-realm-clients must be as SIDECAR_ADMIN_PERMISSIONS says'),
    ]);
    realm['adminPermissionsEnabled'] = false;
    expect(problems(realm)).toEqual([expect.stringContaining('adminPermissionsEnabled must be true')]);
  });

  it('rejects a deny whose policy grants everyone but the sidecar: on Keycloak it would open those clients to any user', () => {
    const realm = template();
    const settings = client(realm, 'admin-permissions')['authorizationSettings'] as JsonObject;
    const deny = (settings['policies'] as JsonObject[]).find(
      (p) => p['name'] === 'credman-sidecar-not-realm-clients',
    );
    (deny?.['config'] as JsonObject)['applyPolicies'] = '["not-credman-sidecar-service-account"]';
    expect(problems(realm)).toEqual([
      expect.stringContaining('credman-sidecar-not-realm-clients must be as SIDECAR_ADMIN_PERMISSIONS says'),
    ]);
  });

  it('rejects a short password policy and brute-force detection with a high failure factor', () => {
    const realm = template();
    realm['passwordPolicy'] = 'length(8) and notUsername and notEmail and passwordHistory(5)';
    realm['failureFactor'] = 30;
    expect(problems(realm)).toEqual([
      expect.stringContaining('passwordPolicy needs length(>= 12)'),
      expect.stringContaining('failureFactor <= 10'),
    ]);
  });

  it('rejects a console client without the sidecar audience mapper', () => {
    const realm = template();
    client(realm, 'credman-console')['protocolMappers'] = [];
    expect(problems(realm)).toEqual([expect.stringContaining('oidc-audience-mapper')]);
  });

  it('rejects a minimum acr the LoA map does not know', () => {
    const realm = template();
    (client(realm, 'credman-console')['attributes'] as JsonObject)['minimum.acr.value'] = 'gold';
    expect(problems(realm)).toEqual([
      expect.stringContaining('minimum.acr.value must be a key of acr.loa.map'),
    ]);
  });

  it('rejects a browser flow whose OTP step is missing', () => {
    const realm = template();
    for (const flow of realm['authenticationFlows'] as JsonObject[]) {
      flow['authenticationExecutions'] = (flow['authenticationExecutions'] as JsonObject[]).filter(
        (execution) => execution['authenticator'] !== 'auth-otp-form',
      );
    }
    expect(problems(realm)).toEqual([expect.stringContaining('auth-otp-form')]);
  });

  it('rejects a reference to a missing authenticator config', () => {
    const realm = template();
    realm['authenticatorConfig'] = (realm['authenticatorConfig'] as JsonObject[]).slice(1);
    expect(problems(realm)).toEqual(
      expect.arrayContaining([expect.stringContaining('authenticatorConfig "credman-loa-1" does not exist')]),
    );
  });

  it('rejects an incomplete OTP policy', () => {
    const realm = template();
    delete realm['otpPolicyPeriod'];
    expect(problems(realm)).toEqual([expect.stringMatching(/^otpPolicyPeriod/)]);
  });

  it('rejects a service account with one role too many', () => {
    const realm = template();
    const account = (realm['users'] as JsonObject[])[0];
    const clientRoles = account?.['clientRoles'];
    if (!isJsonObject(clientRoles)) throw new Error('fixture changed');
    (clientRoles['realm-management'] as string[]).push('manage-realm');
    expect(problems(realm)).toEqual([expect.stringContaining('must be exactly query-clients')]);
  });

  it('rejects a sidecar without the kc-admin-api scope', () => {
    const realm = template();
    client(realm, 'credman-sidecar')['defaultClientScopes'] = ['basic', 'roles'];
    expect(problems(realm)).toEqual([expect.stringContaining('kc-admin-api')]);
  });

  it('rejects a rotation executor with another configuration, and a policy bound to another role', () => {
    const realm = template();
    const profiles = (realm['clientProfiles'] as JsonObject)['profiles'] as JsonObject[];
    const executor = (profiles[0]?.['executors'] as JsonObject[])[0];
    (executor?.['configuration'] as JsonObject)['rotated-expiration-period'] = '172800';
    expect(problems(realm)).toEqual([expect.stringContaining('secret-rotation executor')]);

    const other = template();
    const policies = (other['clientPolicies'] as JsonObject)['policies'] as JsonObject[];
    const condition = (policies[0]?.['conditions'] as JsonObject[])[0];
    condition!['configuration'] = { roles: ['rotate-me'] };
    expect(problems(other)).toEqual([expect.stringContaining('no enabled client policy binds')]);
  });

  it('rejects events without CLIENT_LOGIN or without a bounded expiration', () => {
    const realm = template();
    realm['enabledEventTypes'] = ['LOGIN'];
    (realm['attributes'] as JsonObject)['adminEventsExpiration'] = '';
    // CLIENT_LOGIN, the credential and lockout events, the admin events' expiration.
    expect(problems(realm)).toHaveLength(3);
  });

  it('rejects a realm without lockout, credential or refresh events', () => {
    const realm = template();
    realm['enabledEventTypes'] = (realm['enabledEventTypes'] as string[]).filter(
      (type) => !['USER_DISABLED_BY_TEMPORARY_LOCKOUT', 'REMOVE_TOTP_ERROR', 'REFRESH_TOKEN'].includes(type),
    );
    expect(problems(realm)).toEqual([
      expect.stringContaining(
        'enabledEventTypes lacks REFRESH_TOKEN, USER_DISABLED_BY_TEMPORARY_LOCKOUT, REMOVE_TOTP_ERROR',
      ),
    ]);
  });

  it('rejects long or unset lifetimes, refresh tokens that do not rotate, plain HTTP and no password history', () => {
    const realm = template();
    realm['accessTokenLifespan'] = 3600;
    delete realm['clientSessionIdleTimeout'];
    realm['revokeRefreshToken'] = false;
    realm['sslRequired'] = 'none';
    realm['passwordPolicy'] = 'length(12) and notUsername and notEmail';
    expect(problems(realm)).toEqual([
      expect.stringContaining('accessTokenLifespan must be set, between 1 and 300 seconds'),
      expect.stringContaining('clientSessionIdleTimeout must be set'),
      expect.stringContaining('revokeRefreshToken true, refreshTokenMaxReuse 0'),
      expect.stringContaining('sslRequired must be all'),
      expect.stringContaining('passwordHistory(>= 3)'),
    ]);
  });

  it('rejects wildcard redirect or post-logout URIs on the console', () => {
    const realm = template();
    const console = client(realm, 'credman-console');
    console['redirectUris'] = ['https://credman.example.org/*'];
    expect(problems(realm)).toEqual([
      expect.stringContaining('exact redirect and post-logout redirect URIs'),
    ]);
    console['redirectUris'] = ['https://credman.example.org/'];
    (console['attributes'] as JsonObject)['post.logout.redirect.uris'] = '+';
    expect(problems(realm)).toEqual([
      expect.stringContaining('exact redirect and post-logout redirect URIs'),
    ]);
  });

  it('rejects a lockout switch: long or permanent lockouts, self-service reset, login by e-mail', () => {
    const realm = template();
    realm['waitIncrementSeconds'] = 300;
    realm['maxFailureWaitSeconds'] = 900;
    realm['minimumQuickLoginWaitSeconds'] = 60;
    realm['permanentLockout'] = true;
    realm['resetPasswordAllowed'] = true;
    realm['loginWithEmailAllowed'] = true;
    expect(problems(realm)).toEqual([
      expect.stringContaining('maxFailureWaitSeconds must be a number <= 300'),
      expect.stringContaining('permanentLockout must be false'),
      expect.stringContaining('resetPasswordAllowed must be false'),
      expect.stringContaining('loginWithEmailAllowed must be false'),
    ]);
  });

  it('rejects an API scope left out of the token scope', () => {
    const realm = template();
    const scope = (realm['clientScopes'] as JsonObject[]).find(
      (candidate) => candidate['name'] === 'smc.sandbox',
    );
    (scope!['attributes'] as JsonObject)['include.in.token.scope'] = 'false';
    expect(problems(realm)).toEqual([expect.stringContaining('smc.sandbox')]);
  });
});
