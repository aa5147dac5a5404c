// The Keycloak image tag, the realm files and the environment agree: every CREDMAN_* placeholder of the realm
// has a value in compose or a documented default, the demo import resolves with exactly compose's environment,
// the values that must match across services do, and the docs name the same Keycloak 26.x image.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CREDMAN_PLACEHOLDER_PREFIX,
  findPlaceholders,
  loadRealm,
  parseCredmanRealm,
  realmFilePaths,
} from '@credman/realm';
import { ROOT, composeResolved, service } from './testing/compose.ts';
import type { ComposeFile } from './testing/compose.ts';

const KEYCLOAK_IMAGE = /^quay\.io\/keycloak\/keycloak:(26\.\d+\.\d+)$/;
const DOCS = ['README.md', 'docs/operations.md'];

function text(relative: string): Promise<string> {
  return readFile(`${ROOT}${relative}`, 'utf8');
}

/** Environment values as strings (compose may resolve to null for an empty value). */
function environment(compose: ComposeFile, name: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service(compose, name).environment ?? {}).map(([key, value]) => [key, value ?? '']),
  );
}

describe('compose, realm files and docs agree', () => {
  let compose: ComposeFile;
  let keycloakEnv: Record<string, string>;
  beforeAll(async () => {
    compose = await composeResolved();
    keycloakEnv = environment(compose, 'keycloak');
  });

  it('given the realm files, then every CREDMAN_ placeholder has a value in compose or a default, and is documented', async () => {
    const paths = realmFilePaths();
    const realmReadme = await text('keycloak-realm/README.md');
    const missing: string[] = [];
    for (const file of [paths.template, paths.demoImport]) {
      for (const placeholder of findPlaceholders(await readFile(file, 'utf8'))) {
        const names = placeholder.names.filter((name) => name.startsWith(CREDMAN_PLACEHOLDER_PREFIX));
        if (names.length === 0) continue;
        for (const name of names) {
          if (!realmReadme.includes(`\`${name}\``))
            missing.push(`${name} is not in keycloak-realm/README.md`);
        }
        const hasValue = names.some((name) => keycloakEnv[name] !== undefined);
        if (!hasValue && placeholder.defaultValue === undefined)
          missing.push(`\${${placeholder.expression}} has no value in compose and no default`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("given compose's Keycloak environment, when the demo import is resolved as Keycloak does, then it is a valid credman realm", () => {
    // Exactly compose's environment: the demo defaults of loadRealm must not hide a missing value.
    const realm = loadRealm({ env: keycloakEnv, demo: true, demoDefaults: false });
    expect(() => parseCredmanRealm(realm)).not.toThrow();
    expect(JSON.stringify(realm)).not.toMatch(/\$\{CREDMAN_/);
  });

  it("given compose, then Keycloak imports credman-sidecar with the secret authentication compose's credman uses", () => {
    // The template's default is client-jwt; without this value compose's credman could not log in.
    const realm = loadRealm({ env: keycloakEnv, demo: true, demoDefaults: false });
    const sidecar = (realm['clients'] as { clientId: string; clientAuthenticatorType?: string }[]).find(
      (client) => client.clientId === 'credman-sidecar',
    );
    expect(sidecar?.clientAuthenticatorType).toBe('client-secret');
    expect(environment(compose, 'credman').CREDMAN_CLIENT_AUTH ?? 'client-secret').toBe('client-secret');
  });

  it("given compose, then the sidecar's client secret is the one Keycloak imports for credman-sidecar", () => {
    expect(environment(compose, 'credman').CREDMAN_CLIENT_SECRET).toBe(
      keycloakEnv.CREDMAN_SIDECAR_CLIENT_SECRET,
    );
  });

  it("given compose, then the console URL of the realm is credman's published address and its public URL", () => {
    const published = JSON.stringify(service(compose, 'credman').ports);
    expect(keycloakEnv.CREDMAN_CONSOLE_URL).toBe('http://localhost:8080');
    expect(published).toMatch(/"?published"?:\s*"?8080"?|8080:8080/);
    expect(environment(compose, 'credman').CREDMAN_PUBLIC_URL).toBe(keycloakEnv.CREDMAN_CONSOLE_URL);
  });

  it("given compose, then Keycloak's own mail goes to the Mailpit service", () => {
    expect(keycloakEnv.CREDMAN_SMTP_HOST).toBe('mailpit');
    expect(keycloakEnv.CREDMAN_SMTP_PORT).toBe('1025');
  });

  it('given compose and the docs, then both name the same Keycloak 26.x image', async () => {
    const image = service(compose, 'keycloak').image ?? '';
    expect(image).toMatch(KEYCLOAK_IMAGE);
    for (const doc of DOCS) {
      const mentioned = [...(await text(doc)).matchAll(/quay\.io\/keycloak\/keycloak:[\w.-]+/g)].map(
        ([match]) => match,
      );
      expect(mentioned.length, `${doc} names the image`).toBeGreaterThan(0);
      expect(new Set(mentioned), doc).toEqual(new Set([image]));
    }
  });
});
