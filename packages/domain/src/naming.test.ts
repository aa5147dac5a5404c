import { describe, expect, it } from 'vitest';
import {
  DEFAULT_API_CATALOGUE,
  formatApplicationName,
  parseApplicationName,
  permissionScopesFor,
  validateApiCatalogue,
  validateApplicationParts,
  validateNewApplicationParts,
  type ApplicationNameInput,
  validatePermissions,
  type ApiCatalogue,
  type ApplicationKind,
  type NameError,
} from './naming.ts';

describe('parseApplicationName', () => {
  it('parses a Partner application for DM', () => {
    expect(parseApplicationName('Partner-NL-OrganisationName-DM')).toEqual({
      ok: true,
      value: {
        kind: 'Partner',
        country: 'NL',
        countryName: 'Netherlands',
        organisation: 'OrganisationName',
        api: 'DM',
        apiName: 'Data Manager',
        sandboxOnly: false,
      },
    });
  });

  it('parses a Partner application for SMC', () => {
    const result = parseApplicationName('Partner-NL-OrganisationName-SMC');
    expect(result.ok && result.value).toMatchObject({
      kind: 'Partner',
      api: 'SMC',
      apiName: 'Search, Match & Connect',
      sandboxOnly: false,
    });
  });

  it('parses a PartnerAlternative application as sandbox-only', () => {
    const result = parseApplicationName('PartnerAlternative-NL-OrganisationName-SMC');
    expect(result.ok && result.value).toMatchObject({
      kind: 'PartnerAlternative',
      country: 'NL',
      api: 'SMC',
      sandboxOnly: true,
    });
  });

  it.each([
    'Partner-NL-OrganisationName-DM',
    'Partner-NL-OrganisationName-SMC',
    'PartnerAlternative-NL-OrganisationName-SMC',
    'Partner-SS-Ab-DM',
    'PartnerAlternative-BQ-A123456789B123456789C123456789D123456789-DM',
  ])('round-trips %s through format(parse(x))', (name) => {
    const result = parseApplicationName(name);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(formatApplicationName(result.value)).toBe(name);
  });

  const longOrganisation = 'A'.repeat(41);
  const invalid: [name: string, part: NameError['part'], reason: NameError['reason']][] = [
    ['', 'format', 'empty'],
    ['Partner', 'format', 'wrong-part-count'],
    ['Partner-NL', 'format', 'wrong-part-count'],
    ['Partner-NL-Org', 'format', 'wrong-part-count'],
    ['Partner-NL-Organisation-Name-DM', 'format', 'wrong-part-count'],
    ['Partner-NL-OrganisationName-DM-', 'format', 'wrong-part-count'],
    ['-Partner-NL-OrganisationName-DM', 'format', 'wrong-part-count'],
    ['Partner_NL_OrganisationName_DM', 'format', 'wrong-part-count'],
    ['partner-NL-OrganisationName-DM', 'prefix', 'wrong-case'],
    ['PARTNER-NL-OrganisationName-DM', 'prefix', 'wrong-case'],
    ['partneralternative-NL-OrganisationName-DM', 'prefix', 'wrong-case'],
    ['Partners-NL-OrganisationName-DM', 'prefix', 'unknown-prefix'],
    ['Customer-NL-OrganisationName-DM', 'prefix', 'unknown-prefix'],
    [' Partner-NL-OrganisationName-DM', 'prefix', 'unknown-prefix'],
    ['-NL-OrganisationName-DM', 'prefix', 'empty'],
    ['Partner-nl-OrganisationName-DM', 'country', 'not-upper-case'],
    ['Partner-Nl-OrganisationName-DM', 'country', 'not-upper-case'],
    ['Partner-nL-OrganisationName-DM', 'country', 'not-upper-case'],
    ['Partner-UK-OrganisationName-DM', 'country', 'unknown-country'],
    ['Partner-EU-OrganisationName-DM', 'country', 'unknown-country'],
    ['Partner-XK-OrganisationName-DM', 'country', 'unknown-country'],
    ['Partner-ZZ-OrganisationName-DM', 'country', 'unknown-country'],
    ['Partner-zz-OrganisationName-DM', 'country', 'unknown-country'],
    ['Partner-NLD-OrganisationName-DM', 'country', 'not-two-letters'],
    ['Partner-N-OrganisationName-DM', 'country', 'not-two-letters'],
    ['Partner-N1-OrganisationName-DM', 'country', 'not-two-letters'],
    ['Partner-528-OrganisationName-DM', 'country', 'not-two-letters'],
    ['Partner--OrganisationName-DM', 'country', 'empty'],
    ['Partner-NL--DM', 'organisation', 'empty'],
    ['Partner-NL-Organisation Name-DM', 'organisation', 'invalid-characters'],
    ['Partner-NL-Organisation_Name-DM', 'organisation', 'invalid-characters'],
    ['Partner-NL-OrganisatiönName-DM', 'organisation', 'invalid-characters'],
    ['Partner-NL-Organisation.Name-DM', 'organisation', 'invalid-characters'],
    ['Partner-NL-Organisation&Co-DM', 'organisation', 'invalid-characters'],
    ['Partner-NL-Ｏrganisation-DM', 'organisation', 'invalid-characters'],
    ['Partner-NL-1Organisation-DM', 'organisation', 'must-start-with-letter'],
    ['Partner-NL-42-DM', 'organisation', 'must-start-with-letter'],
    ['Partner-NL-A-DM', 'organisation', 'too-short'],
    [`Partner-NL-${longOrganisation}-DM`, 'organisation', 'too-long'],
    ['Partner-NL-OrganisationName-dm', 'api', 'wrong-case'],
    ['Partner-NL-OrganisationName-Smc', 'api', 'wrong-case'],
    ['Partner-NL-OrganisationName-XYZ', 'api', 'unknown-api'],
    ['Partner-NL-OrganisationName-D M', 'api', 'unknown-api'],
    ['Partner-NL-OrganisationName-', 'api', 'empty'],
  ];

  it('covers at least 40 invalid names', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(40);
  });

  it.each(invalid)('rejects %j: %s is %s', (name, part, reason) => {
    const result = parseApplicationName(name);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ part, reason });
    expect(result.errors[0]?.message).toMatch(/\S/);
  });

  it('reports every invalid part of one name at once', () => {
    const result = parseApplicationName('partner-nl-1Org-xyz');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(({ part, reason }) => [part, reason])).toEqual([
      ['prefix', 'wrong-case'],
      ['country', 'not-upper-case'],
      ['organisation', 'must-start-with-letter'],
      ['api', 'unknown-api'],
    ]);
  });

  it('accepts exactly 2 and 40 organisation characters', () => {
    expect(parseApplicationName('Partner-NL-Ab-DM').ok).toBe(true);
    expect(parseApplicationName(`Partner-NL-${'A'.repeat(40)}-DM`).ok).toBe(true);
  });

  it('uses the configured catalogue', () => {
    const catalogue: ApiCatalogue = [
      { code: 'PAY', name: 'Payments', scopes: { production: 'pay.prod', sandbox: 'pay.test' } },
    ];
    const payments = parseApplicationName('Partner-DE-Shop-PAY', catalogue);
    expect(payments.ok && payments.value).toMatchObject({ api: 'PAY', apiName: 'Payments' });
    const dm = parseApplicationName('Partner-DE-Shop-DM', catalogue);
    expect(!dm.ok && dm.errors).toEqual([expect.objectContaining({ part: 'api', reason: 'unknown-api' })]);
  });
});

describe('validateApplicationParts (the operator name builder)', () => {
  it('accepts valid parts and returns the parsed name', () => {
    const result = validateApplicationParts({
      kind: 'PartnerAlternative',
      country: 'DE',
      organisation: 'AcmeGmbH',
      api: 'DM',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        kind: 'PartnerAlternative',
        country: 'DE',
        countryName: 'Germany',
        organisation: 'AcmeGmbH',
        api: 'DM',
        apiName: 'Data Manager',
        sandboxOnly: true,
      },
    });
    if (result.ok) expect(formatApplicationName(result.value)).toBe('PartnerAlternative-DE-AcmeGmbH-DM');
  });

  it('reports all invalid parts at once, naming each part', () => {
    const result = validateApplicationParts({ kind: '', country: 'UK', organisation: 'Acme-Ltd', api: '' });
    expect(!result.ok && result.errors.map(({ part, reason }) => `${part}:${reason}`)).toEqual([
      'prefix:empty',
      'country:unknown-country',
      'organisation:invalid-characters',
      'api:empty',
    ]);
  });

  it('never accepts an organisation that would break the name apart', () => {
    const result = validateApplicationParts({
      kind: 'Partner',
      country: 'NL',
      organisation: 'My-Org',
      api: 'DM',
    });
    expect(!result.ok && result.errors).toEqual([
      expect.objectContaining({ part: 'organisation', reason: 'invalid-characters' }),
    ]);
  });
});

describe('validateApiCatalogue', () => {
  it('accepts the default catalogue', () => {
    expect(validateApiCatalogue(DEFAULT_API_CATALOGUE)).toEqual({ ok: true, value: DEFAULT_API_CATALOGUE });
  });

  it('rejects an empty catalogue', () => {
    const result = validateApiCatalogue([]);
    expect(!result.ok && result.errors.map((error) => error.reason)).toEqual(['empty-catalogue']);
  });

  it('rejects codes that would break names, duplicates, empty names and shared or blank scopes', () => {
    const result = validateApiCatalogue([
      { code: 'DM', name: 'Data Manager', scopes: { production: 'dm.production', sandbox: 'dm.sandbox' } },
      { code: 'DM', name: 'Again', scopes: { production: 'x.production', sandbox: 'x.sandbox' } },
      { code: 'A-B', name: 'Hyphen', scopes: { production: 'ab.production', sandbox: 'ab.sandbox' } },
      { code: 'lower', name: ' ', scopes: { production: 'dm.production', sandbox: '' } },
    ]);
    expect(!result.ok && result.errors.map(({ index, reason }) => `${index ?? '-'}:${reason}`)).toEqual([
      '1:duplicate-code',
      '2:invalid-code',
      '3:invalid-code',
      '3:empty-name',
      '3:duplicate-scope',
      '3:invalid-scope',
    ]);
  });
});

describe('permissions', () => {
  it.each<[ApplicationKind, string, string[]]>([
    ['Partner', 'DM', ['dm.production', 'dm.sandbox']],
    ['Partner', 'SMC', ['smc.production', 'smc.sandbox']],
    ['PartnerAlternative', 'DM', ['dm.sandbox']],
    ['PartnerAlternative', 'SMC', ['smc.sandbox']],
    ['Partner', 'XYZ', []],
  ])('%s applications for %s may hold %j', (kind, api, scopes) => {
    expect(permissionScopesFor(api, kind)).toEqual(scopes);
  });

  // The full allowed/refused matrix: every kind × API × scope of the default catalogue.
  const allScopes = DEFAULT_API_CATALOGUE.flatMap((api) => [api.scopes.production, api.scopes.sandbox]);
  const matrix = (['Partner', 'PartnerAlternative'] as const).flatMap((kind) =>
    ['DM', 'SMC'].flatMap((api) => allScopes.map((scope) => ({ kind, api, scope }))),
  );
  const expectedReason = (kind: ApplicationKind, api: string, scope: string): string | undefined => {
    const ownPrefix = `${api.toLowerCase()}.`;
    if (!scope.startsWith(ownPrefix)) return 'scope-of-other-api';
    if (kind === 'PartnerAlternative' && scope.endsWith('.production')) return 'production-not-allowed';
    return undefined;
  };

  it.each(matrix)('$kind application for $api with [$scope]', ({ kind, api, scope }) => {
    const result = validatePermissions({ kind, api }, [scope]);
    const reason = expectedReason(kind, api, scope);
    if (reason === undefined) {
      expect(result).toEqual({ ok: true, value: [scope] });
    } else {
      expect(result).toEqual({
        ok: false,
        errors: [{ scope, reason, message: expect.stringContaining(scope) as string }],
      });
    }
  });

  it('accepts both scopes of its own API for a Partner application', () => {
    expect(validatePermissions({ kind: 'Partner', api: 'DM' }, ['dm.sandbox', 'dm.production'])).toEqual({
      ok: true,
      value: ['dm.sandbox', 'dm.production'],
    });
  });

  it('refuses a PartnerAlternative application its production scope even next to the sandbox one', () => {
    const result = validatePermissions({ kind: 'PartnerAlternative', api: 'SMC' }, [
      'smc.sandbox',
      'smc.production',
    ]);
    expect(!result.ok && result.errors.map((error) => [error.scope, error.reason])).toEqual([
      ['smc.production', 'production-not-allowed'],
    ]);
  });

  it('requires at least one scope', () => {
    expect(validatePermissions({ kind: 'Partner', api: 'DM' }, [])).toEqual({
      ok: false,
      errors: [{ reason: 'no-scopes', message: expect.any(String) as string }],
    });
  });

  it('refuses duplicates, once per duplicated scope', () => {
    const result = validatePermissions({ kind: 'Partner', api: 'DM' }, [
      'dm.sandbox',
      'dm.sandbox',
      'dm.sandbox',
    ]);
    expect(!result.ok && result.errors.map((error) => [error.scope, error.reason])).toEqual([
      ['dm.sandbox', 'duplicate-scope'],
    ]);
  });

  it('refuses scopes that exist nowhere', () => {
    const result = validatePermissions({ kind: 'Partner', api: 'DM' }, ['dm.admin', 'openid']);
    expect(!result.ok && result.errors.map((error) => error.reason)).toEqual([
      'unknown-scope',
      'unknown-scope',
    ]);
  });

  it('refuses an application whose API is not in the catalogue', () => {
    const result = validatePermissions({ kind: 'Partner', api: 'PAY' }, ['dm.sandbox']);
    expect(!result.ok && result.errors.map((error) => error.reason)).toEqual(['unknown-api']);
  });

  it('follows a configured catalogue', () => {
    const catalogue: ApiCatalogue = [
      { code: 'PAY', name: 'Payments', scopes: { production: 'pay.prod', sandbox: 'pay.test' } },
    ];
    expect(permissionScopesFor('PAY', 'PartnerAlternative', catalogue)).toEqual(['pay.test']);
    expect(validatePermissions({ kind: 'Partner', api: 'PAY' }, ['pay.prod'], catalogue).ok).toBe(true);
    expect(validatePermissions({ kind: 'Partner', api: 'PAY' }, ['dm.sandbox'], catalogue)).toMatchObject({
      ok: false,
      errors: [{ reason: 'unknown-scope' }],
    });
  });
});

describe('validateNewApplicationParts (a name about to be created)', () => {
  const part = (overrides: Partial<ApplicationNameInput>): ApplicationNameInput => ({
    kind: 'Partner',
    country: 'NL',
    organisation: 'OrganisationName',
    api: 'DM',
    ...overrides,
  });
  const reasons = (input: ApplicationNameInput) => {
    const result = validateNewApplicationParts(input);
    return result.ok ? [] : result.errors.map((error) => `${error.part}:${error.reason}`);
  };

  it.each(['OrganisationName', 'Acme', 'AcmeGmbH', 'Acme000', 'Brussel', 'TextCo2', 'Ab'])(
    'takes the CamelCase organisation %j',
    (organisation) => {
      expect(reasons(part({ organisation }))).toEqual([]);
    },
  );

  it.each([
    ['acme', 'upper-case letter', '"Acme"'],
    ['ACME', 'lower-case letters', '"Acme" rather than "ACME"'],
    ['organisationName', 'upper-case letter', '"OrganisationName"'],
    ['NL2', 'lower-case letters', '"Nl2"'],
  ])('refuses %j as not CamelCase, saying how', (organisation, rule, example) => {
    const result = validateNewApplicationParts(part({ organisation }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ part: 'organisation', reason: 'not-camel-case' });
    expect(result.errors[0]?.message).toContain(rule);
    expect(result.errors[0]?.message).toContain(example);
  });

  it('reports the character rule, not CamelCase, for an organisation with a hyphen', () => {
    expect(reasons(part({ organisation: 'acme-ltd' }))).toEqual(['organisation:invalid-characters']);
  });

  it('takes PartnerAlternative for SMC (its test organisation) and refuses it for DM, naming the way out', () => {
    expect(reasons(part({ kind: 'PartnerAlternative', api: 'SMC' }))).toEqual([]);
    const result = validateNewApplicationParts(part({ kind: 'PartnerAlternative', api: 'DM' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      {
        part: 'api',
        reason: 'not-for-partner-alternative',
        message:
          'PartnerAlternative is the test organisation for the sandbox of Search, Match & Connect (SMC) only; choose SMC, or the prefix Partner for DM.',
      },
    ]);
  });

  it('reports every problem at once: country, CamelCase and the PartnerAlternative API', () => {
    expect(reasons({ kind: 'PartnerAlternative', country: 'XX', organisation: 'acme', api: 'DM' })).toEqual([
      'country:unknown-country',
      'organisation:not-camel-case',
      'api:not-for-partner-alternative',
    ]);
  });

  it("keeps an existing client's name readable: parsing holds neither rule against it", () => {
    expect(parseApplicationName('PartnerAlternative-NL-ACME-DM').ok).toBe(true);
  });

  it('says a typed XX is not a country code', () => {
    const result = validateNewApplicationParts(part({ country: 'XX' }));
    expect(result.ok ? undefined : result.errors[0]?.message).toBe(
      'XX is not a country code: give the two-letter ISO 3166-1 code of a country, e.g. NL.',
    );
  });
});
