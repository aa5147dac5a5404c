// Contract: Keycloak's realm-file import resolves placeholders as keycloak-realm/README.md says, and
// @credman/realm (which the double and the realm checks use) resolves them the same way. Against the real
// Keycloak (npm run test:keycloak) the probe realm was imported from a file at start-up and is read back;
// otherwise the same file goes through @credman/realm's resolver.
import { describe, expect, it } from 'vitest';
import { resolvePlaceholders } from '@credman/realm';
import { adminRequest, serverAdminFromEnv } from './master-admin.ts';
import { PROBE_ENV, PROBE_EXPECTED, PROBE_FILE_TEXT, PROBE_REALM } from './placeholder-probe.ts';

async function importedAttributes(): Promise<Record<string, string>> {
  const admin = serverAdminFromEnv();
  if (admin === undefined) {
    const resolved = JSON.parse(resolvePlaceholders(PROBE_FILE_TEXT, PROBE_ENV)) as {
      attributes: Record<string, string>;
    };
    return resolved.attributes;
  }
  const response = await adminRequest(admin, `/admin/realms/${PROBE_REALM}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { attributes: Record<string, string> }).attributes;
}

describe(`realm import placeholders (${serverAdminFromEnv() ? 'real Keycloak' : '@credman/realm'})`, () => {
  it('given set, unset, defaulted, alternative and set-but-empty variables, then each resolves as documented; an unresolved one stays literal', async () => {
    const attributes = await importedAttributes();
    const probed = Object.fromEntries(
      Object.entries(attributes).filter(([name]) => name.startsWith('probe.')),
    );
    expect(probed).toEqual(PROBE_EXPECTED);
  });
});
