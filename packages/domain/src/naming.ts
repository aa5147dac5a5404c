// Application (Keycloak client) names: `Partner-{CC}-{Organisation}-{API}` and
// `PartnerAlternative-{CC}-{Organisation}-{API}`, plus the API permissions such an application may hold.
import { countryName } from './countries.ts';
import { fail, ok, type Result } from './result.ts';

export const APPLICATION_KINDS = ['Partner', 'PartnerAlternative'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export interface ApiDefinition {
  readonly code: string;
  readonly name: string;
  readonly scopes: { readonly production: string; readonly sandbox: string };
  /**
   * Whether a new PartnerAlternative application may be made for this API. PartnerAlternative is the test
   * organisation implementers use to try their integration in the API's sandbox; it exists for the APIs marked
   * here only (Search, Match & Connect).
   */
  readonly partnerAlternative?: boolean;
}

export type ApiCatalogue = readonly ApiDefinition[];

export const DEFAULT_API_CATALOGUE: ApiCatalogue = [
  { code: 'DM', name: 'Data Manager', scopes: { production: 'dm.production', sandbox: 'dm.sandbox' } },
  {
    code: 'SMC',
    name: 'Search, Match & Connect',
    scopes: { production: 'smc.production', sandbox: 'smc.sandbox' },
    partnerAlternative: true,
  },
];

export const ORGANISATION_MIN_LENGTH = 2;
export const ORGANISATION_MAX_LENGTH = 40;

/** The parts a name consists of; `format` concerns the name as a whole (number of hyphen-separated parts). */
export type NamePart = 'format' | 'prefix' | 'country' | 'organisation' | 'api';

export type NameErrorReason =
  | 'empty'
  | 'wrong-part-count'
  | 'unknown-prefix'
  | 'wrong-case'
  | 'not-two-letters'
  | 'not-upper-case'
  | 'unknown-country'
  | 'invalid-characters'
  | 'must-start-with-letter'
  | 'too-short'
  | 'too-long'
  | 'not-camel-case'
  | 'unknown-api'
  | 'not-for-partner-alternative';

export interface NameError {
  part: NamePart;
  reason: NameErrorReason;
  message: string;
}

export interface ApplicationNameParts {
  kind: ApplicationKind;
  country: string;
  organisation: string;
  api: string;
}

export interface ParsedApplicationName extends ApplicationNameParts {
  countryName: string;
  apiName: string;
  /** PartnerAlternative applications may only ever hold sandbox permissions. */
  sandboxOnly: boolean;
}

/** Unchecked input of the operator's name builder: every field is whatever the form holds. */
export interface ApplicationNameInput {
  kind: string;
  country: string;
  organisation: string;
  api: string;
}

const NAME_SEPARATOR = '-';

export function formatApplicationName(parts: ApplicationNameParts): string {
  return [parts.kind, parts.country, parts.organisation, parts.api].join(NAME_SEPARATOR);
}

export function parseApplicationName(
  clientId: string,
  catalogue: ApiCatalogue = DEFAULT_API_CATALOGUE,
): Result<ParsedApplicationName, NameError> {
  if (clientId === '') {
    return fail([{ part: 'format', reason: 'empty', message: 'The application name is empty.' }]);
  }
  const pieces = clientId.split(NAME_SEPARATOR);
  const [kind, country, organisation, api] = pieces;
  if (
    pieces.length !== 4 ||
    kind === undefined ||
    country === undefined ||
    organisation === undefined ||
    api === undefined
  ) {
    return fail([
      {
        part: 'format',
        reason: 'wrong-part-count',
        message: `The name has ${pieces.length} hyphen-separated part(s) but needs exactly 4: prefix, country, organisation and API (the organisation may not contain hyphens).`,
      },
    ]);
  }
  return validateApplicationParts({ kind, country, organisation, api }, catalogue);
}

/** Checks every part independently and reports all invalid ones at once. */
export function validateApplicationParts(
  input: ApplicationNameInput,
  catalogue: ApiCatalogue = DEFAULT_API_CATALOGUE,
): Result<ParsedApplicationName, NameError> {
  const errors: NameError[] = [];
  const kind = checkKind(input.kind, errors);
  const nameOfCountry = checkCountry(input.country, errors);
  checkOrganisation(input.organisation, errors);
  const api = checkApi(input.api, catalogue, errors);
  if (kind === undefined || nameOfCountry === undefined || api === undefined || errors.length > 0)
    return fail(errors);
  return ok({
    kind,
    country: input.country,
    countryName: nameOfCountry,
    organisation: input.organisation,
    api: api.code,
    apiName: api.name,
    sandboxOnly: kind === 'PartnerAlternative',
  });
}

/**
 * The rules for a name about to be created: those of validateApplicationParts, plus the ones an existing client
 * is not held to (it stays readable and manageable under the name it has): the organisation in CamelCase, and
 * PartnerAlternative only for an API that has a test organisation (ApiDefinition.partnerAlternative).
 */
export function validateNewApplicationParts(
  input: ApplicationNameInput,
  catalogue: ApiCatalogue = DEFAULT_API_CATALOGUE,
): Result<ParsedApplicationName, NameError> {
  const parts = validateApplicationParts(input, catalogue);
  const errors = parts.ok ? [] : [...parts.errors];
  if (!errors.some((error) => error.part === 'organisation')) {
    const camelCase = camelCaseProblem(input.organisation);
    if (camelCase !== undefined)
      errors.push({ part: 'organisation', reason: 'not-camel-case', message: camelCase });
  }
  const api = catalogue.find((entry) => entry.code === input.api);
  if (input.kind === 'PartnerAlternative' && api !== undefined && api.partnerAlternative !== true) {
    const allowed = catalogue.filter((entry) => entry.partnerAlternative === true);
    errors.push({
      part: 'api',
      reason: 'not-for-partner-alternative',
      message:
        allowed.length === 0
          ? `PartnerAlternative (the test organisation) exists for no API; use the prefix Partner.`
          : `PartnerAlternative is the test organisation for the sandbox of ${allowed.map((entry) => `${entry.name} (${entry.code})`).join(', ')} only; choose ${allowed.map((entry) => entry.code).join(' or ')}, or the prefix Partner for ${api.code}.`,
    });
  }
  return errors.length === 0 && parts.ok ? parts : fail(errors);
}

/**
 * CamelCase as credman means it: an upper-case first letter and at least one lower-case letter (the rest ASCII
 * letters and digits, which checkOrganisation already requires). `Acme`, `AcmeGmbH`, `OrganisationName` pass;
 * `acme` and `ACME` do not.
 */
function camelCaseProblem(value: string): string | undefined {
  if (!/^[A-Z]/.test(value))
    return `The organisation must start with an upper-case letter (CamelCase), e.g. "${value.charAt(0).toUpperCase()}${value.slice(1)}".`;
  if (!/[a-z]/.test(value))
    return `The organisation must be in CamelCase, with lower-case letters after the first of each word, e.g. "${value.charAt(0)}${value.slice(1).toLowerCase()}" rather than "${value}".`;
  return undefined;
}

function isApplicationKind(value: string): value is ApplicationKind {
  return (APPLICATION_KINDS as readonly string[]).includes(value);
}

function checkKind(value: string, errors: NameError[]): ApplicationKind | undefined {
  if (isApplicationKind(value)) return value;
  const expected = `"${APPLICATION_KINDS.join('" or "')}"`;
  if (value === '') {
    errors.push({
      part: 'prefix',
      reason: 'empty',
      message: `The prefix is missing; it must be ${expected}.`,
    });
  } else if (APPLICATION_KINDS.some((kind) => kind.toLowerCase() === value.toLowerCase())) {
    errors.push({
      part: 'prefix',
      reason: 'wrong-case',
      message: `The prefix must be written exactly ${expected} (case matters).`,
    });
  } else {
    errors.push({ part: 'prefix', reason: 'unknown-prefix', message: `The prefix must be ${expected}.` });
  }
  return undefined;
}

/** Returns the country's name when the code is valid. */
function checkCountry(value: string, errors: NameError[]): string | undefined {
  const name = countryName(value);
  if (name !== undefined) return name;
  if (value === '') {
    errors.push({ part: 'country', reason: 'empty', message: 'The country code is missing.' });
  } else if (!/^[A-Za-z]{2}$/.test(value)) {
    errors.push({
      part: 'country',
      reason: 'not-two-letters',
      message: 'The country code must be two letters (ISO 3166-1 alpha-2).',
    });
  } else if (value !== value.toUpperCase() && countryName(value.toUpperCase()) !== undefined) {
    errors.push({
      part: 'country',
      reason: 'not-upper-case',
      message: `The country code must be upper case: "${value.toUpperCase()}".`,
    });
  } else {
    errors.push({
      part: 'country',
      reason: 'unknown-country',
      message: `${value} is not a country code: give the two-letter ISO 3166-1 code of a country, e.g. NL.`,
    });
  }
  return undefined;
}

function checkOrganisation(value: string, errors: NameError[]): void {
  const report = (reason: NameErrorReason, message: string): void => {
    errors.push({ part: 'organisation', reason, message });
  };
  if (value === '') {
    report('empty', 'The organisation is missing.');
  } else if (!/^[A-Za-z0-9]+$/.test(value)) {
    report(
      'invalid-characters',
      'The organisation may contain only the letters A–Z and a–z and the digits 0–9 (write it in CamelCase, without spaces, hyphens, underscores or accents).',
    );
  } else if (!/^[A-Za-z]/.test(value)) {
    report('must-start-with-letter', 'The organisation must start with a letter.');
  } else if (value.length < ORGANISATION_MIN_LENGTH) {
    report('too-short', `The organisation must be at least ${ORGANISATION_MIN_LENGTH} characters long.`);
  } else if (value.length > ORGANISATION_MAX_LENGTH) {
    report('too-long', `The organisation may be at most ${ORGANISATION_MAX_LENGTH} characters long.`);
  }
}

function checkApi(value: string, catalogue: ApiCatalogue, errors: NameError[]): ApiDefinition | undefined {
  const api = catalogue.find((entry) => entry.code === value);
  if (api !== undefined) return api;
  const known = catalogue.map((entry) => entry.code).join(', ');
  if (value === '') {
    errors.push({
      part: 'api',
      reason: 'empty',
      message: `The API code is missing; it must be one of: ${known}.`,
    });
  } else if (catalogue.some((entry) => entry.code.toLowerCase() === value.toLowerCase())) {
    errors.push({
      part: 'api',
      reason: 'wrong-case',
      message: `The API code must be written exactly as one of: ${known} (case matters).`,
    });
  } else {
    errors.push({ part: 'api', reason: 'unknown-api', message: `The API code must be one of: ${known}.` });
  }
  return undefined;
}

// ---- API catalogue (configuration) ----

export type CatalogueErrorReason =
  'empty-catalogue' | 'invalid-code' | 'duplicate-code' | 'empty-name' | 'invalid-scope' | 'duplicate-scope';

export interface CatalogueError {
  /** Index of the offending entry; absent for errors about the catalogue as a whole. */
  index?: number;
  reason: CatalogueErrorReason;
  message: string;
}

/**
 * Checks a configured catalogue. Codes must be upper-case letters and digits (a hyphen would break name
 * parsing), and every scope must belong to exactly one API so that a scope identifies its API.
 */
export function validateApiCatalogue(catalogue: ApiCatalogue): Result<ApiCatalogue, CatalogueError> {
  const errors: CatalogueError[] = [];
  if (catalogue.length === 0)
    errors.push({ reason: 'empty-catalogue', message: 'The API catalogue has no entries.' });
  const codes = new Set<string>();
  const scopes = new Set<string>();
  catalogue.forEach((entry, index) => {
    if (!/^[A-Z][A-Z0-9]*$/.test(entry.code)) {
      errors.push({
        index,
        reason: 'invalid-code',
        message: `API code "${entry.code}" must be upper-case letters and digits, starting with a letter.`,
      });
    } else if (codes.has(entry.code)) {
      errors.push({
        index,
        reason: 'duplicate-code',
        message: `API code "${entry.code}" appears more than once.`,
      });
    }
    codes.add(entry.code);
    if (entry.name.trim() === '')
      errors.push({ index, reason: 'empty-name', message: `API "${entry.code}" has no name.` });
    for (const scope of [entry.scopes.production, entry.scopes.sandbox]) {
      if (!/^\S+$/.test(scope)) {
        errors.push({
          index,
          reason: 'invalid-scope',
          message: `API "${entry.code}" has an empty scope or one containing whitespace.`,
        });
      } else if (scopes.has(scope)) {
        errors.push({
          index,
          reason: 'duplicate-scope',
          message: `Scope "${scope}" is used more than once in the catalogue.`,
        });
      }
      scopes.add(scope);
    }
  });
  return errors.length > 0 ? fail(errors) : ok(catalogue);
}

// ---- Permissions ----

export type PermissionErrorReason =
  | 'no-scopes'
  | 'duplicate-scope'
  | 'unknown-api'
  | 'production-not-allowed'
  | 'scope-of-other-api'
  | 'unknown-scope';

export interface PermissionError {
  /** The scope concerned; absent for errors about the list as a whole. */
  scope?: string;
  reason: PermissionErrorReason;
  message: string;
}

/** The permission scopes an application of this kind for this API may hold (sandbox only for PartnerAlternative). */
export function permissionScopesFor(
  api: string,
  kind: ApplicationKind,
  catalogue: ApiCatalogue = DEFAULT_API_CATALOGUE,
): string[] {
  const entry = catalogue.find((candidate) => candidate.code === api);
  if (entry === undefined) return [];
  return kind === 'PartnerAlternative'
    ? [entry.scopes.sandbox]
    : [entry.scopes.production, entry.scopes.sandbox];
}

export function validatePermissions(
  application: Pick<ApplicationNameParts, 'kind' | 'api'>,
  scopes: readonly string[],
  catalogue: ApiCatalogue = DEFAULT_API_CATALOGUE,
): Result<string[], PermissionError> {
  const entry = catalogue.find((candidate) => candidate.code === application.api);
  if (entry === undefined) {
    return fail([{ reason: 'unknown-api', message: `API "${application.api}" is not in the catalogue.` }]);
  }
  if (scopes.length === 0) {
    return fail([{ reason: 'no-scopes', message: 'Choose at least one permission.' }]);
  }
  const allowed = permissionScopesFor(entry.code, application.kind, catalogue);
  const errors: PermissionError[] = [];
  const seen = new Set<string>();
  const reportedDuplicates = new Set<string>();
  for (const scope of scopes) {
    if (seen.has(scope)) {
      if (!reportedDuplicates.has(scope)) {
        errors.push({
          scope,
          reason: 'duplicate-scope',
          message: `Permission "${scope}" is listed more than once.`,
        });
        reportedDuplicates.add(scope);
      }
      continue;
    }
    seen.add(scope);
    if (allowed.includes(scope)) continue;
    if (scope === entry.scopes.production) {
      errors.push({
        scope,
        reason: 'production-not-allowed',
        message: `PartnerAlternative applications are sandbox-only and may not hold "${scope}".`,
      });
    } else if (
      catalogue.some((other) => other.scopes.production === scope || other.scopes.sandbox === scope)
    ) {
      errors.push({
        scope,
        reason: 'scope-of-other-api',
        message: `Permission "${scope}" belongs to another API than ${entry.code}.`,
      });
    } else {
      errors.push({ scope, reason: 'unknown-scope', message: `Permission "${scope}" does not exist.` });
    }
  }
  return errors.length > 0 ? fail(errors) : ok([...scopes]);
}
