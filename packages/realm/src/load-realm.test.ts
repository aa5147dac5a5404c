import { describe, expect, it } from 'vitest';
import type { JsonObject } from './json.ts';
import { loadRealm, UnresolvedPlaceholderError } from './load-realm.ts';

const secret = 'test-only-sidecar-secret';
const production = {
  CREDMAN_SIDECAR_CLIENT_SECRET: secret,
  CREDMAN_CONSOLE_URL: 'https://credman.example.org',
};

function clientById(realm: JsonObject, clientId: string): JsonObject | undefined {
  return (realm['clients'] as JsonObject[]).find((client) => client['clientId'] === clientId);
}

describe('loadRealm', () => {
  it('refuses the production template without the console URL: no silent localhost default', () => {
    expect(() => loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: secret }, demo: false })).toThrow(
      /CREDMAN_CONSOLE_DEV_URL, CREDMAN_CONSOLE_URL/,
    );
  });

  it('resolves the other defaults when the sidecar secret and the console URL are set', () => {
    const realm = loadRealm({ env: production, demo: false });
    expect(clientById(realm, 'credman-sidecar')).toMatchObject({
      secret,
      clientAuthenticatorType: 'client-jwt',
    });
    expect(realm['eventsExpiration']).toBe('604800');
    expect(realm['smtpServer']).toMatchObject({ host: 'localhost', port: '1025', user: '', ssl: 'false' });
  });

  it('gives the demo its localhost console and the sidecar secret authentication', () => {
    const realm = loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: secret }, demo: true });
    expect(clientById(realm, 'credman-console')?.['redirectUris']).toEqual([
      'http://localhost:8080/',
      'http://localhost:5173/',
    ]);
    expect(clientById(realm, 'credman-sidecar')?.['clientAuthenticatorType']).toBe('client-secret');
    expect(realm['sslRequired']).toBe('external');
    expect(() =>
      loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: secret }, demo: true, demoDefaults: false }),
    ).toThrow(/CREDMAN_CONSOLE_URL/);
  });

  it('uses the console URL for the second redirect URI when no development URL is given', () => {
    const realm = loadRealm({ env: production, demo: false });
    expect(clientById(realm, 'credman-console')).toMatchObject({
      redirectUris: ['https://credman.example.org/', 'https://credman.example.org/'],
      webOrigins: ['https://credman.example.org', 'https://credman.example.org'],
      attributes: expect.objectContaining({
        'post.logout.redirect.uris':
          'https://credman.example.org/logged-out##https://credman.example.org/logged-out',
      }) as unknown,
    });
    expect(realm['sslRequired']).toBe('all');
  });

  it('keeps Keycloak’s own ${...} texts literal', () => {
    const realm = loadRealm({ env: production, demo: false });
    expect(JSON.stringify(realm)).toContain('resource_access.${client_id}.roles');
  });

  it('refuses a missing sidecar secret by name, in template and demo alike', () => {
    for (const demo of [false, true]) {
      const env = { CREDMAN_CONSOLE_URL: 'https://credman.example.org' };
      expect(() => loadRealm({ env, demo })).toThrow(UnresolvedPlaceholderError);
      expect(() => loadRealm({ env, demo })).toThrow(/CREDMAN_SIDECAR_CLIENT_SECRET/);
    }
  });

  it('never puts a placeholder value into its errors', () => {
    const env = { ...production, CREDMAN_SIDECAR_CLIENT_SECRET: 'bro"ken-secret-value' };
    expect(() => loadRealm({ env, demo: false })).toThrow(/not valid JSON/);
    try {
      loadRealm({ env, demo: false });
    } catch (error) {
      expect(String(error)).not.toContain('bro"ken-secret-value');
    }
  });

  it('adds the demo applications and people only when asked', () => {
    const template = loadRealm({ env: production, demo: false });
    const demo = loadRealm({ env: production, demo: true });
    expect(clientById(template, 'Partner-NL-OrganisationName-DM')).toBeUndefined();
    expect(clientById(demo, 'Partner-NL-OrganisationName-DM')).toBeDefined();
    expect((template['users'] as JsonObject[]).map((user) => user['username'])).toEqual([
      'service-account-credman-sidecar',
    ]);
    expect((demo['users'] as JsonObject[]).length).toBeGreaterThan(1);
  });
});
