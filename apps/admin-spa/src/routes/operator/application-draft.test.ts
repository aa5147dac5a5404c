import { describe, expect, it } from 'vitest';
import { APPLICATION_DESCRIPTION_MAX_LENGTH, COUNTRIES } from '@credman/domain';
import {
  EMPTY_DRAFT,
  draftErrors,
  draftFieldOf,
  filterCountries,
  previewClientId,
  withAllowedPermissions,
} from './application-draft.ts';
import type { ApplicationDraft } from './application-draft.ts';

const VALID: ApplicationDraft = {
  kind: 'Partner',
  country: 'NL',
  organisation: 'OrganisationName',
  api: 'SMC',
  permissions: ['smc.production'],
  description: '',
};

describe('previewClientId', () => {
  it('given every part, then it is the naming-convention client ID', () => {
    expect(previewClientId(VALID)).toBe('Partner-NL-OrganisationName-SMC');
  });

  it('given missing parts, then each shows a placeholder', () => {
    expect(previewClientId(EMPTY_DRAFT)).toBe('Partner-‹country›-‹organisation›-‹API›');
  });
});

describe('draftErrors', () => {
  it('given a valid draft, then there is no error', () => {
    expect(draftErrors(VALID)).toEqual({});
  });

  it('given an empty draft, then every missing part has the domain reason at its field', () => {
    const errors = draftErrors(EMPTY_DRAFT);
    expect(errors.country).toEqual(['The country code is missing.']);
    expect(errors.organisation).toEqual(['The organisation is missing.']);
    expect(errors.api?.[0]).toMatch(/^The API code is missing/);
    // Permissions wait for the API.
    expect(errors.permissions).toBeUndefined();
  });

  it('given an organisation with a hyphen, then the invalid-characters reason is given', () => {
    expect(draftErrors({ ...VALID, organisation: 'Org-Name' }).organisation?.[0]).toMatch(/only the letters/);
  });

  it('given an organisation starting with a digit, then it must start with a letter', () => {
    expect(draftErrors({ ...VALID, organisation: '1Org' }).organisation).toEqual([
      'The organisation must start with a letter.',
    ]);
  });

  it('given an API but no permission, then at least one is asked for', () => {
    expect(draftErrors({ ...VALID, permissions: [] }).permissions).toEqual([
      'Choose at least one permission.',
    ]);
  });

  it('given a PartnerAlternative with a production scope, then the sandbox-only rule is given', () => {
    expect(draftErrors({ ...VALID, kind: 'PartnerAlternative' }).permissions?.[0]).toMatch(/sandbox-only/);
  });

  it('given a description over 255 characters, then it is too long', () => {
    expect(draftErrors({ ...VALID, description: 'x'.repeat(256) }).description).toHaveLength(1);
  });

  it('given a description one over the sidecar limit, then the form says what the sidecar would', () => {
    const tooLong = 'x'.repeat(APPLICATION_DESCRIPTION_MAX_LENGTH + 1);
    expect(draftErrors({ ...VALID, description: tooLong }).description).toEqual([
      `The description may be at most ${String(APPLICATION_DESCRIPTION_MAX_LENGTH)} characters long.`,
    ]);
    expect(
      draftErrors({ ...VALID, description: 'x'.repeat(APPLICATION_DESCRIPTION_MAX_LENGTH) }).description,
    ).toBeUndefined();
  });
});

describe('withAllowedPermissions', () => {
  it('given a switch to PartnerAlternative, then the production scope is dropped', () => {
    const draft = {
      ...VALID,
      kind: 'PartnerAlternative' as const,
      permissions: ['smc.production', 'smc.sandbox'],
    };
    expect(withAllowedPermissions(draft).permissions).toEqual(['smc.sandbox']);
  });

  it('given a switch of API, then the old API scopes are dropped', () => {
    expect(withAllowedPermissions({ ...VALID, api: 'DM' }).permissions).toEqual([]);
  });
});

describe('filterCountries', () => {
  it('given no filter, then all 249 countries are offered', () => {
    expect(filterCountries('')).toHaveLength(COUNTRIES.length);
    expect(COUNTRIES).toHaveLength(249);
  });

  it('given part of a name or a code in any case, then the matching countries are offered', () => {
    expect(filterCountries('netherlands').map((country) => country.code)).toEqual(['NL']);
    expect(filterCountries('nl').map((country) => country.code)).toContain('NL');
  });
});

describe('draftFieldOf', () => {
  it('maps server field paths to form fields', () => {
    expect(draftFieldOf('permissions.1')).toBe('permissions');
    expect(draftFieldOf('country')).toBe('country');
    expect(draftFieldOf('unknown')).toBeUndefined();
  });
});
