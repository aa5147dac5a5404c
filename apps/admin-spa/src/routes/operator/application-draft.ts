// The operator's application form as plain data, and what the domain rules say about it: the client ID it
// would produce (with placeholders for missing parts) and every reason a part or the permissions are invalid.
import {
  APPLICATION_KINDS,
  COUNTRIES,
  DEFAULT_API_CATALOGUE,
  formatApplicationName,
  permissionScopesFor,
  validateApplicationDescription,
  validateNewApplicationParts,
  validatePermissions,
} from '@credman/domain';
import type { ApiCatalogue, ApplicationKind, Country, NamePart } from '@credman/domain';

export interface ApplicationDraft {
  kind: ApplicationKind;
  country: string;
  organisation: string;
  api: string;
  permissions: string[];
  description: string;
}

export const EMPTY_DRAFT: ApplicationDraft = {
  kind: 'Partner',
  country: '',
  organisation: '',
  api: '',
  permissions: [],
  description: '',
};

/** The fields of the form; a name error's part maps to one of these (`format` cannot occur in the builder). */
export type DraftField = 'kind' | 'country' | 'organisation' | 'api' | 'permissions' | 'description';

const FIELD_OF_PART: Record<NamePart, DraftField> = {
  format: 'organisation',
  prefix: 'kind',
  country: 'country',
  organisation: 'organisation',
  api: 'api',
};

export type DraftErrors = Partial<Record<DraftField, string[]>>;

export function isApplicationKind(value: string): value is ApplicationKind {
  return (APPLICATION_KINDS as readonly string[]).includes(value);
}

/** The client ID as it will be, with a placeholder for each part still missing. */
export function previewClientId(draft: ApplicationDraft): string {
  return formatApplicationName({
    kind: draft.kind,
    country: draft.country === '' ? '‹country›' : draft.country,
    organisation: draft.organisation === '' ? '‹organisation›' : draft.organisation,
    api: draft.api === '' ? '‹API›' : draft.api,
  });
}

/** Every domain reason against the draft, by field; an empty object means the draft can be sent. */
export function draftErrors(
  draft: ApplicationDraft,
  catalogue: ApiCatalogue = DEFAULT_API_CATALOGUE,
): DraftErrors {
  const errors: DraftErrors = {};
  const add = (field: DraftField, message: string) => {
    (errors[field] ??= []).push(message);
  };
  const name = validateNewApplicationParts(draft, catalogue);
  if (!name.ok) {
    for (const error of name.errors) add(FIELD_OF_PART[error.part], error.message);
  }
  // Permissions can only be judged once the API is known; an unknown API is already reported above.
  if (catalogue.some((entry) => entry.code === draft.api)) {
    const permissions = validatePermissions(draft, draft.permissions, catalogue);
    if (!permissions.ok) for (const error of permissions.errors) add('permissions', error.message);
  }
  // The sidecar's rule for creates and edits alike, so the form says what the server would.
  const description = validateApplicationDescription(draft.description);
  if (!description.ok) for (const error of description.errors) add('description', error.message);
  return errors;
}

/** The draft after a change of prefix or API: permissions the new combination does not allow are dropped. */
export function withAllowedPermissions(
  draft: ApplicationDraft,
  catalogue: ApiCatalogue = DEFAULT_API_CATALOGUE,
): ApplicationDraft {
  const allowed = permissionScopesFor(draft.api, draft.kind, catalogue);
  return { ...draft, permissions: draft.permissions.filter((scope) => allowed.includes(scope)) };
}

/** Countries whose code or name contains the filter text (case-insensitive); all of them for an empty filter. */
export function filterCountries(
  filter: string,
  countries: readonly Country[] = COUNTRIES,
): readonly Country[] {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return countries;
  return countries.filter(
    (country) => country.code.toLowerCase().includes(needle) || country.name.toLowerCase().includes(needle),
  );
}

/**
 * What is wrong with country text typed but not (yet) chosen, while it is typed: undefined while it still matches
 * a country (the list offers it) or is empty.
 */
export function typedCountryProblem(typed: string | undefined): string | undefined {
  const text = (typed ?? '').trim();
  if (text === '' || filterCountries(text).length > 0) return undefined;
  return /^[A-Za-z]{2}$/.test(text)
    ? `${text.toUpperCase()} is not a country code: type a country's name or its two-letter ISO 3166-1 code (e.g. NL), then choose it from the list.`
    : `No country matches "${text}": type a country's name or its two-letter ISO 3166-1 code (e.g. NL), then choose it from the list.`;
}

/** Maps a server field path (`kind`, `permissions.0`, …) to the form field it concerns. */
export function draftFieldOf(serverField: string): DraftField | undefined {
  const head = serverField.split('.')[0];
  const fields: readonly string[] = ['kind', 'country', 'organisation', 'api', 'permissions', 'description'];
  return head !== undefined && fields.includes(head) ? (head as DraftField) : undefined;
}
