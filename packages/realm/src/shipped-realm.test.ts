import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_PERMISSION_SCOPES } from './builtin-scopes.ts';
import { findRealmIntegrityProblems } from './integrity.ts';
import { isJsonObject, parseJsonObject, type JsonObject, type JsonValue } from './json.ts';
import { buildDemoRealmDocument, CREDMAN_PLACEHOLDER_PREFIX, loadRealm } from './load-realm.ts';
import { DEMO_OVERRIDABLE_KEYS } from './merge.ts';
import { findPlaceholders } from './placeholders.ts';
import { DEFAULT_REALM_DIR, readText, realmFilePaths } from './realm-files.ts';
import { MANAGER_ROLE, parseCredmanRealm } from './schema.ts';

const env = {
  CREDMAN_SIDECAR_CLIENT_SECRET: 'test-only-sidecar-secret',
  CREDMAN_CONSOLE_URL: 'https://credman.example.org',
};
const paths = realmFilePaths();
const readme = readFileSync(join(DEFAULT_REALM_DIR, 'README.md'), 'utf8');

function objects(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function text(value: JsonValue | undefined): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}

describe('shipped realm files', () => {
  it.each([false, true])('pass the credman schema and the integrity checks (demo: %s)', (demo) => {
    const realm = loadRealm({ env, demo });
    expect(() => parseCredmanRealm(realm)).not.toThrow();
    expect(findRealmIntegrityProblems(realm)).toEqual([]);
  });

  it('the production template requires TLS and the sidecar key pair; the demo keeps plain HTTP on localhost and the secret', () => {
    const production = loadRealm({ env, demo: false });
    const sidecar = objects(production['clients']).find((c) => c['clientId'] === 'credman-sidecar');
    expect(production['sslRequired']).toBe('all');
    expect(sidecar?.['clientAuthenticatorType']).toBe('client-jwt');
    const demo = loadRealm({ env, demo: true });
    expect(demo['sslRequired']).toBe('external');
    expect(
      objects(demo['clients']).find((c) => c['clientId'] === 'credman-sidecar')?.['clientAuthenticatorType'],
    ).toBe('client-secret');
  });

  it('the committed demo import file is template + demo data (run npm run generate:demo-realm -w @credman/realm)', () => {
    const committed = parseJsonObject(readText(paths.demoImport), paths.demoImport);
    expect(committed).toEqual(buildDemoRealmDocument());
  });

  it('every placeholder in the template is documented in keycloak-realm/README.md', () => {
    const names = new Set(
      findPlaceholders(readText(paths.template)).flatMap((placeholder) => placeholder.names),
    );
    expect(names.size).toBeGreaterThan(0);
    const undocumented = [...names].filter((name) => !readme.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
  });

  it('the template has a default for every credman placeholder except the sidecar secret and the console URL', () => {
    const withoutDefault = findPlaceholders(readText(paths.template))
      .filter((placeholder) => placeholder.names.some((name) => name.startsWith(CREDMAN_PLACEHOLDER_PREFIX)))
      .filter((placeholder) => placeholder.defaultValue === undefined)
      .map((placeholder) => placeholder.expression);
    // No silent localhost: the console's origin is what Keycloak redirects to and allows as a web origin.
    expect(new Set(withoutDefault)).toEqual(
      new Set([
        'CREDMAN_SIDECAR_CLIENT_SECRET',
        'CREDMAN_CONSOLE_URL',
        'CREDMAN_CONSOLE_DEV_URL,CREDMAN_CONSOLE_URL',
      ]),
    );
  });

  it('the demo data holds no placeholders and no copy of template entries', () => {
    const demoText = readText(paths.demoData);
    expect(findPlaceholders(demoText)).toEqual([]);
    const template = parseJsonObject(readText(paths.template), paths.template);
    const demo = parseJsonObject(demoText, paths.demoData);
    const templateKeys = new Set(
      Object.keys(template).filter(
        (key) => !['clients', 'users', 'roles', ...DEMO_OVERRIDABLE_KEYS].includes(key),
      ),
    );
    expect(Object.keys(demo).filter((key) => templateKeys.has(key))).toEqual([]);
  });
});

describe('demo data', () => {
  const realm = loadRealm({ env, demo: true });
  const demo = parseJsonObject(readText(paths.demoData), paths.demoData);
  const people = objects(demo['users']);
  const apps = objects(demo['clients']);

  it('people are enabled, verified, named, and have a permanent password', () => {
    expect(people.length).toBeGreaterThanOrEqual(4);
    for (const person of people) {
      expect(person).toMatchObject({ enabled: true, emailVerified: true });
      for (const key of ['firstName', 'lastName', 'email']) expect(text(person[key])).not.toBe('');
      const passwords = objects(person['credentials']).filter(
        (credential) => credential['type'] === 'password',
      );
      expect(passwords).toHaveLength(1);
      expect(text(passwords[0]?.['value'])).not.toBe('');
      expect(passwords[0]?.['temporary']).toBe(false);
    }
  });

  it('TOTP credentials are stored as Keycloak reads them, match the realm policy, and are listed in the README', () => {
    const otpCredentials = people.flatMap((person) =>
      objects(person['credentials']).filter((credential) => credential['type'] === 'otp'),
    );
    expect(otpCredentials.length).toBeGreaterThanOrEqual(3);
    for (const credential of otpCredentials) {
      // A `value` would be imported as a password (RepresentationToModel.createCredentials).
      expect(credential).not.toHaveProperty('value');
      const secretData = JSON.parse(text(credential['secretData'])) as unknown;
      const credentialData = JSON.parse(text(credential['credentialData'])) as unknown;
      expect(secretData).toEqual({ value: expect.stringMatching(/^[\x21-\x7e]{20,}$/) as unknown });
      // No secretEncoding: Keycloak uses the UTF-8 bytes of value as the HMAC key.
      expect(credentialData).toEqual({
        subType: 'totp',
        digits: realm['otpPolicyDigits'],
        period: realm['otpPolicyPeriod'],
        algorithm: realm['otpPolicyAlgorithm'],
        counter: 0,
      });
      const raw = (secretData as { value: string }).value;
      expect(readme).toContain(`\`${raw}\``);
      expect(readme).toContain(`\`${base32(Buffer.from(raw, 'utf8'))}\``);
    }
  });

  it('applications are confidential, service-account only, EMPTY, and define the manager role', () => {
    const roleContainers = (demo['roles'] as JsonObject)['client'] as JsonObject;
    for (const app of apps) {
      expect(app).toMatchObject({
        publicClient: false,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        clientAuthenticatorType: 'client-secret',
      });
      // EMPTY (docs/architecture.md#states-and-the-slot-rule): no known secret; Keycloak generates an unknown
      // one, already expired.
      expect(app).not.toHaveProperty('secret');
      const expiration = Number((app['attributes'] as JsonObject)['client.secret.expiration.time']);
      expect(expiration).toBeGreaterThan(0);
      expect(expiration).toBeLessThan(Date.now() / 1000);
      const scopes = app['defaultClientScopes'] as string[];
      expect(scopes.filter((scope) => API_PERMISSION_SCOPES.includes(scope)).length).toBeGreaterThan(0);
      expect(objects(roleContainers[text(app['clientId'])])).toEqual([
        expect.objectContaining({ name: MANAGER_ROLE }),
      ]);
    }
    const sandboxOnly = apps.find((app) => text(app['clientId']).startsWith('PartnerAlternative-'));
    expect(sandboxOnly?.['defaultClientScopes']).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/\.production$/) as unknown]),
    );
  });

  it('managers are assigned through the client role: one application with two, others with one', () => {
    const managersPerApp = new Map<string, number>();
    for (const person of people) {
      const clientRoles = isJsonObject(person['clientRoles']) ? person['clientRoles'] : {};
      for (const [clientId, roles] of Object.entries(clientRoles)) {
        expect(apps.map((app) => app['clientId'])).toContain(clientId);
        expect(roles).toEqual([MANAGER_ROLE]);
        managersPerApp.set(clientId, (managersPerApp.get(clientId) ?? 0) + 1);
      }
    }
    expect([...managersPerApp.values()].sort()).toEqual([1, 1, 2]);
  });
});

/** RFC 4648 base32 without padding, as authenticator apps take it. */
function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let buffer = 0;
  let out = '';
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet.charAt((buffer >> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet.charAt((buffer << (5 - bits)) & 31);
  return out;
}
