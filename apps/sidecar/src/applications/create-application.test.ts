import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLACEHOLDER_GRACE_SECONDS } from '../credentials/rotation.ts';
import { SECRETS_ATTRIBUTE, parseSecretsDocument } from '../store/records/codecs.ts';
import type { KeycloakPort } from '../keycloak/port.ts';
import { KeycloakUnavailableError } from '../keycloak/errors.ts';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import { createApplication } from './create-application.ts';
import { ApplicationExistsError, ApplicationInputError } from './errors.ts';
import type { NewApplicationInput } from './create-application.ts';
import { startOperatorTestDouble } from './testing/operator-test-double.ts';
import type { OperatorTestDouble } from './testing/operator-test-double.ts';

const olivia = { id: 'u-olivia', username: 'olivia', name: 'Olivia Operator' };
const alice = { id: 'u-alice', username: 'alice', name: 'Alice' };
const valid: NewApplicationInput = {
  kind: 'Partner',
  country: 'DE',
  organisation: 'AcmeLogistics',
  api: 'SMC',
  permissions: ['smc.production', 'smc.sandbox'],
  description: 'Acme shipping integration',
};

let env: OperatorTestDouble;
beforeAll(async () => {
  env = await startOperatorTestDouble(Date.UTC(2027, 2, 1, 9));
});
afterAll(() => env.close());

async function inputErrors(input: NewApplicationInput) {
  const error: unknown = await createApplication(env.deps, input, olivia).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApplicationInputError);
  return (error as ApplicationInputError).fields.map((f) => [f.field, f.reason]);
}

describe('createApplication against the Keycloak double', () => {
  it('creates a managed application in state EMPTY that a new secret then makes work', async () => {
    const created = await createApplication(env.deps, valid, olivia);
    expect(created).toEqual({
      clientId: 'Partner-DE-AcmeLogistics-SMC',
      name: {
        kind: 'Partner',
        country: 'DE',
        countryName: 'Germany',
        organisation: 'AcmeLogistics',
        api: 'SMC',
        apiName: 'Search, Match & Connect',
        sandboxOnly: false,
      },
      description: 'Acme shipping integration',
      permissions: ['smc.production', 'smc.sandbox'],
      managers: [],
      warnings: ['fewer-than-two-managers'],
    });

    // The Keycloak client is the application (docs/architecture.md#applications).
    const client = await env.keycloak.findClientByClientId(created.clientId);
    expect(client).toBeDefined();
    if (!client) return;
    // Keycloak links `service_account` itself to a client with a service account (contract-tested).
    expect(client.defaultClientScopes).toEqual([
      'basic',
      'roles',
      'smc.production',
      'smc.sandbox',
      'service_account',
    ]);
    expect(await env.keycloak.clientHasRole(client.id, MANAGER_ROLE)).toBe(true);
    const model = env.double.realm.clientByClientId(created.clientId);
    expect(model).toMatchObject({
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
    });

    // EMPTY: no secret, the audit trail starts with the creation, and the placeholder is refused once it lapses.
    expect(await env.credentials.secrets(created.clientId)).toEqual([]);
    const audit = await env.credentials.audit(created.clientId);
    expect(audit).toEqual([
      { at: Math.floor(env.clock.now() / 1000), action: 'application-created', actor: olivia },
    ]);
    const document = parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]);
    expect(document.placeholderCreatedAt).toBeDefined();
    // The placeholder (random, never shown) lapses once the claim lease it is given has passed.
    env.clock.advance((PLACEHOLDER_GRACE_SECONDS + 1) * 1000);
    expect(await env.works(created.clientId, client.secret ?? '')).toBe(false);

    // Managed: the rotation protocol works on it like on any other application.
    const secret = await env.credentials.createSecret(
      created.clientId,
      { name: 'First', expiresOn: '2027-12-31' },
      alice,
    );
    expect(await env.works(created.clientId, secret.value)).toBe(true);
    expect((await env.credentials.secrets(created.clientId)).map((s) => s.name)).toEqual(['First']);
  });

  it('creates a sandbox-only PartnerAlternative application with its sandbox permission', async () => {
    const created = await createApplication(
      env.deps,
      {
        kind: 'PartnerAlternative',
        country: 'FR',
        organisation: 'Bleu',
        api: 'SMC',
        permissions: ['smc.sandbox'],
      },
      olivia,
    );
    expect(created.clientId).toBe('PartnerAlternative-FR-Bleu-SMC');
    expect(created.name.sandboxOnly).toBe(true);
    expect(created.description).toBeNull();
    expect((await env.keycloak.findClientByClientId(created.clientId))?.defaultClientScopes).toEqual([
      'basic',
      'roles',
      'smc.sandbox',
      'service_account',
    ]);
  });

  it('refuses a PartnerAlternative application for DM: the test organisation exists for the SMC sandbox only', async () => {
    const input = {
      kind: 'PartnerAlternative',
      country: 'FR',
      organisation: 'Bleu',
      api: 'DM',
      permissions: ['dm.sandbox'],
    };
    expect(await inputErrors(input)).toEqual([['api', 'not-for-partner-alternative']]);
    expect(await env.keycloak.findClientByClientId('PartnerAlternative-FR-Bleu-DM')).toBeUndefined();
  });

  it('refuses an organisation that is not CamelCase (acme, ACME)', async () => {
    expect(await inputErrors({ ...valid, organisation: 'acme' })).toEqual([
      ['organisation', 'not-camel-case'],
    ]);
    expect(await inputErrors({ ...valid, organisation: 'ACME' })).toEqual([
      ['organisation', 'not-camel-case'],
    ]);
  });

  it('reports each invalid name part as a field error with the domain reason', async () => {
    expect(await inputErrors({ ...valid, kind: 'partner' })).toEqual([['kind', 'wrong-case']]);
    expect(await inputErrors({ ...valid, kind: 'Vendor' })).toEqual([['kind', 'unknown-prefix']]);
    expect(await inputErrors({ ...valid, country: 'XX' })).toEqual([['country', 'unknown-country']]);
    expect(await inputErrors({ ...valid, country: 'de' })).toEqual([['country', 'not-upper-case']]);
    expect(await inputErrors({ ...valid, organisation: 'Acme-Logistics' })).toEqual([
      ['organisation', 'invalid-characters'],
    ]);
    expect(await inputErrors({ ...valid, organisation: 'A' })).toEqual([['organisation', 'too-short']]);
    expect(await inputErrors({ ...valid, api: 'XYZ' })).toEqual([['api', 'unknown-api']]);
    // Several at once, all reported.
    expect(await inputErrors({ ...valid, country: '', organisation: '1Acme' })).toEqual([
      ['country', 'empty'],
      ['organisation', 'must-start-with-letter'],
    ]);
  });

  it('refuses permissions the kind and API may not hold, pointing at the entry', async () => {
    expect(
      await inputErrors({
        ...valid,
        kind: 'PartnerAlternative',
        permissions: ['smc.sandbox', 'smc.production'],
      }),
    ).toEqual([['permissions.1', 'production-not-allowed']]);
    expect(await inputErrors({ ...valid, permissions: ['dm.sandbox'] })).toEqual([
      ['permissions.0', 'scope-of-other-api'],
    ]);
    expect(await inputErrors({ ...valid, permissions: ['smc.sandbox', 'smc.sandbox'] })).toEqual([
      ['permissions.1', 'duplicate-scope'],
    ]);
    expect(await inputErrors({ ...valid, permissions: [] })).toEqual([['permissions', 'no-scopes']]);
    // Permissions are still checked when another part is wrong.
    expect(await inputErrors({ ...valid, country: 'XX', permissions: ['offline_access'] })).toEqual([
      ['country', 'unknown-country'],
      ['permissions.0', 'unknown-scope'],
    ]);
    expect(
      await env.keycloak.findClientByClientId('PartnerAlternative-DE-AcmeLogistics-SMC'),
    ).toBeUndefined();
  });

  it('refuses an existing client ID and leaves the existing application untouched', async () => {
    const existing = {
      kind: 'Partner',
      country: 'NL',
      organisation: 'OrganisationName',
      api: 'DM',
      permissions: ['dm.sandbox'],
    };
    const before = await env.keycloak.findClientByClientId('Partner-NL-OrganisationName-DM');
    await expect(createApplication(env.deps, existing, olivia)).rejects.toThrow(ApplicationExistsError);
    expect(await env.keycloak.findClientByClientId('Partner-NL-OrganisationName-DM')).toEqual(before);
  });

  it('refuses a client ID that differs from an existing one only in case, naming the existing one', async () => {
    const lowerCase = {
      kind: 'Partner',
      country: 'NL',
      organisation: 'OrganisationNAME',
      api: 'DM',
      permissions: ['dm.sandbox'],
    };
    const error: unknown = await createApplication(env.deps, lowerCase, olivia).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationExistsError);
    expect((error as Error).message).toBe('Partner-NL-OrganisationName-DM');
    expect(await env.keycloak.findClientByClientId('Partner-NL-OrganisationNAME-DM')).toBeUndefined();
  });

  it('gives a new application no full scope and no optional scopes: only basic, roles and its permissions', async () => {
    const created = await createApplication(env.deps, { ...valid, organisation: 'ScopeCo' }, olivia);
    const client = await env.keycloak.findClientByClientId(created.clientId);
    expect(client?.optionalClientScopes).toEqual([]);
    expect(env.double.realm.clientByClientId(created.clientId)?.fullScopeAllowed).toBe(false);
  });

  it('cleans the description by the display-text rules and refuses hidden characters in it', async () => {
    const created = await createApplication(
      env.deps,
      { ...valid, organisation: 'TextCo', description: ' Cafe\u0301\u00a0orders ' },
      olivia,
    );
    expect(created.description).toBe('Caf\u00e9 orders');
    expect((await env.keycloak.findClientByClientId(created.clientId))?.description).toBe('Caf\u00e9 orders');
    expect(
      await inputErrors({ ...valid, organisation: 'TextCo2', description: 'a\u2028Created by: x' }),
    ).toEqual([['description', 'line-separator']]);
    expect(await inputErrors({ ...valid, organisation: 'TextCo2', description: 'x'.repeat(201) })).toEqual([
      ['description', 'too-long'],
    ]);
    expect(await env.keycloak.findClientByClientId('Partner-DE-TextCo2-SMC')).toBeUndefined();
  });

  it('removes the half-created client when a later step fails, so that a retry can succeed', async () => {
    const keycloak = env.keycloak;
    const failingRole: KeycloakPort = {
      findClientByClientId: (clientId) => keycloak.findClientByClientId(clientId),
      searchClients: (query) => keycloak.searchClients(query),
      createClient: (client) => keycloak.createClient(client),
      deleteClient: (uuid) => keycloak.deleteClient(uuid),
      createClientRole: () => Promise.reject(new KeycloakUnavailableError('down')),
    } as Partial<KeycloakPort> as KeycloakPort;
    const input = { ...valid, organisation: 'RetryCo' };
    await expect(createApplication({ ...env.deps, keycloak: failingRole }, input, olivia)).rejects.toThrow(
      KeycloakUnavailableError,
    );
    expect(await env.keycloak.findClientByClientId('Partner-DE-RetryCo-SMC')).toBeUndefined();
    expect((await createApplication(env.deps, input, olivia)).clientId).toBe('Partner-DE-RetryCo-SMC');
  });
});
