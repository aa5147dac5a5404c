import { describe, expect, it } from 'vitest';
import type { JsonObject } from './json.ts';
import { loadRealm, UnresolvedPlaceholderError } from './load-realm.ts';

const secret = 'test-only-sidecar-secret';

function clientById(realm: JsonObject, clientId: string): JsonObject | undefined {
  return (realm['clients'] as JsonObject[]).find((client) => client['clientId'] === clientId);
}

describe('loadRealm', () => {
  it('resolves defaults when only the sidecar secret is set', () => {
    const realm = loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: secret }, demo: false });
    expect(clientById(realm, 'credman-sidecar')?.['secret']).toBe(secret);
    expect(clientById(realm, 'credman-console')?.['redirectUris']).toEqual([
      'http://localhost:8080/*',
      'http://localhost:5173/*',
    ]);
    expect(realm['eventsExpiration']).toBe('604800');
    expect(realm['smtpServer']).toMatchObject({ host: 'localhost', port: '1025', user: '', ssl: 'false' });
  });

  it('uses the console URL for the second redirect URI when no development URL is given', () => {
    const realm = loadRealm({
      env: { CREDMAN_SIDECAR_CLIENT_SECRET: secret, CREDMAN_CONSOLE_URL: 'https://credman.example.org' },
      demo: false,
    });
    expect(clientById(realm, 'credman-console')).toMatchObject({
      redirectUris: ['https://credman.example.org/*', 'https://credman.example.org/*'],
      webOrigins: ['https://credman.example.org', 'https://credman.example.org'],
    });
  });

  it('keeps Keycloak’s own ${...} texts literal', () => {
    const realm = loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: secret }, demo: false });
    expect(JSON.stringify(realm)).toContain('resource_access.${client_id}.roles');
  });

  it('refuses a missing sidecar secret by name, in template and demo alike', () => {
    for (const demo of [false, true]) {
      expect(() => loadRealm({ env: {}, demo })).toThrow(UnresolvedPlaceholderError);
      expect(() => loadRealm({ env: {}, demo })).toThrow(/CREDMAN_SIDECAR_CLIENT_SECRET/);
    }
  });

  it('never puts a placeholder value into its errors', () => {
    const env = { CREDMAN_SIDECAR_CLIENT_SECRET: 'bro"ken-secret-value' };
    expect(() => loadRealm({ env, demo: false })).toThrow(/not valid JSON/);
    try {
      loadRealm({ env, demo: false });
    } catch (error) {
      expect(String(error)).not.toContain('bro"ken-secret-value');
    }
  });

  it('adds the demo applications and people only when asked', () => {
    const env = { CREDMAN_SIDECAR_CLIENT_SECRET: secret };
    const production = loadRealm({ env, demo: false });
    const demo = loadRealm({ env, demo: true });
    expect(clientById(production, 'Partner-NL-OrganisationName-DM')).toBeUndefined();
    expect(clientById(demo, 'Partner-NL-OrganisationName-DM')).toBeDefined();
    expect((production['users'] as JsonObject[]).map((user) => user['username'])).toEqual([
      'service-account-credman-sidecar',
    ]);
    expect((demo['users'] as JsonObject[]).length).toBeGreaterThan(1);
  });
});
