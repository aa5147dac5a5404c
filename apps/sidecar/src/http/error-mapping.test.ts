// Each use-case and Keycloak-adapter error becomes one problem, in one place (error-mapping.ts).
import { describe, expect, it } from 'vitest';
import {
  ApplicationExistsError,
  ApplicationInputError,
  EmailNotVerifiedError,
  ManagedThroughGroupError,
  SelfAssignmentError,
  UserNotFoundError,
} from '../applications/errors.ts';
import { ApplicationNotFoundError, ConcurrentChangeError } from '../store/errors.ts';
import {
  CredentialValidationError,
  SecretLimitError,
  SecretNotFoundError,
  SecretRecentlyUsedError,
} from '../credentials/errors.ts';
import type { SecretRecord } from '../store/records/secrets.ts';
import {
  KeycloakAccessError,
  KeycloakConflictError,
  KeycloakRejectedError,
  KeycloakUnavailableError,
} from '../keycloak/errors.ts';
import { toApiError } from './error-mapping.ts';

const APP = 'Partner-NL-OrganisationName-DM';
const FIELD = { field: 'name', reason: 'too-long', message: 'At most 64 characters.' };
const OLD_SECRET = {
  id: 's-1',
  name: 'old',
  hint: 'abc',
  value: 'never-in-a-problem',
} as unknown as SecretRecord;

describe('toApiError', () => {
  it.each<[Error, number, string, Record<string, string>]>([
    [
      new KeycloakUnavailableError('connect ECONNREFUSED'),
      503,
      'keycloak-unavailable',
      { 'Retry-After': '10' },
    ],
    [new ApplicationNotFoundError(APP), 404, 'not-found', {}],
    [new CredentialValidationError([FIELD]), 400, 'validation-failed', {}],
    [new ApplicationInputError([FIELD]), 400, 'validation-failed', {}],
    [new ApplicationExistsError(APP), 409, 'already-exists', {}],
    [new SecretLimitError(OLD_SECRET), 409, 'secret-limit', {}],
    [new SecretNotFoundError('s-9'), 404, 'secret-not-found', {}],
    [
      new SecretRecentlyUsedError({ at: Date.UTC(2027, 0, 1), ambiguous: true }),
      409,
      'secret-recently-used',
      {},
    ],
    [new ConcurrentChangeError('busy'), 409, 'conflict', {}],
    [new UserNotFoundError('u-9'), 404, 'not-found', {}],
    [new EmailNotVerifiedError('uma'), 400, 'validation-failed', {}],
    [new ManagedThroughGroupError('gina', 'group:/partners/smc-team'), 400, 'validation-failed', {}],
    [new SelfAssignmentError('olivia'), 403, 'self-assignment-refused', {}],
  ])('maps %s to %i %s', (error, status, code, headers) => {
    const mapped = toApiError(error);
    expect(mapped?.code).toBe(code);
    expect(mapped?.status).toBe(status);
    expect(mapped?.headers).toEqual(headers);
  });

  it.each<[Error]>([
    [new KeycloakAccessError('401 from Keycloak')],
    [new KeycloakConflictError('409 from Keycloak')],
    [new KeycloakRejectedError('400 from Keycloak')],
  ])('leaves %s unexpected (500, logged): a deployment or programming problem, not the caller’s', (error) => {
    expect(toApiError(error)).toBeUndefined();
  });

  it('gives the problems their details and extensions, and no secret value', () => {
    expect(toApiError(new ApplicationNotFoundError(APP))?.toProblem()).toMatchObject({
      detail: `No application ${APP} that you can see.`,
    });
    expect(toApiError(new CredentialValidationError([FIELD]))?.toProblem().errors).toEqual([FIELD]);
    const limit = toApiError(new SecretLimitError(OLD_SECRET))?.toProblem();
    expect(limit).toMatchObject({ deleteFirst: { id: 's-1', name: 'old', hint: 'abc' } });
    expect(JSON.stringify(limit)).not.toContain('never-in-a-problem');
    expect(
      toApiError(new SecretRecentlyUsedError({ at: Date.UTC(2027, 0, 1), ambiguous: true }))?.toProblem(),
    ).toMatchObject({
      lastUsedAt: '2027-01-01T00:00:00.000Z',
      lastUseAmbiguous: true,
    });
    expect(
      toApiError(new ManagedThroughGroupError('gina', 'group:/partners/smc-team'))?.toProblem().errors,
    ).toEqual([expect.objectContaining({ field: 'userId', reason: 'managed-through-group' })]);
    expect(toApiError(new EmailNotVerifiedError('uma'))?.toProblem().errors).toEqual([
      expect.objectContaining({ field: 'userId', reason: 'email-not-verified' }),
    ]);
  });
});
