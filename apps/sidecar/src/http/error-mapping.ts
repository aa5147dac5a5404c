// The one place where a thrown error becomes the problem the client sees (docs/architecture.md#validation-and-errors).
// Route handlers do not catch: Express 5 forwards a rejected handler to the error handler (errors.ts), which asks
// `toApiError`. A new use-case error gets one row in USE_CASE_PROBLEMS (and one in error-mapping.test.ts).
import { ApplicationExistsError, ApplicationInputError } from '../applications/create-application.ts';
import {
  EmailNotVerifiedError,
  ManagedThroughGroupError,
  SelfAssignmentError,
  UserNotFoundError,
} from '../applications/manager-assignment.ts';
import {
  ApplicationNotFoundError,
  ConcurrentChangeError,
  CredentialValidationError,
  SecretRecentlyUsedError,
} from '../credentials/credential-service.ts';
import { SecretLimitError, SecretNotFoundError } from '../credentials/rotation.ts';
import { KeycloakUnavailableError } from '../keycloak/errors.ts';
import { DamagedApplicationError } from '../store/errors.ts';
import { ApiError, retryAfter, validationFailed } from './problems.ts';

export const MAX_BODY_BYTES = 16 * 1024;
/** Seconds a client should wait before retrying when Keycloak is unavailable. */
export const KEYCLOAK_RETRY_AFTER_SECONDS = 10;

/** 404 for an application the caller may not see or that does not exist: the two look the same. */
export function applicationNotFound(clientId: string): ApiError {
  return new ApiError('not-found', { detail: `No application ${clientId} that you can see.` });
}

interface ProblemRule {
  type: abstract new (...args: never[]) => Error;
  toProblem: (error: Error) => ApiError;
}

function rule<E extends Error>(
  type: abstract new (...args: never[]) => E,
  toProblem: (error: E) => ApiError,
): ProblemRule {
  return { type, toProblem: toProblem as (error: Error) => ApiError };
}

const CONCURRENT_CHANGE_DETAIL =
  'Another change of this application is in progress (or did not finish and is held for up to two minutes). Reload and retry.';

/** Use-case and Keycloak-adapter errors → problems. Errors not listed are unexpected (500, logged). */
const USE_CASE_PROBLEMS: readonly ProblemRule[] = [
  rule(KeycloakUnavailableError, () =>
    retryAfter(
      'keycloak-unavailable',
      KEYCLOAK_RETRY_AFTER_SECONDS,
      'Keycloak did not answer; try again shortly.',
    ),
  ),
  // The use cases name the application in the message (credential-service.ts, managed-application.ts).
  rule(ApplicationNotFoundError, (error) => applicationNotFound(error.message)),
  rule(CredentialValidationError, (error) => validationFailed(error.fields)),
  rule(ApplicationInputError, (error) => validationFailed(error.fields)),
  rule(
    ApplicationExistsError,
    (error) => new ApiError('already-exists', { detail: `An application ${error.message} exists already.` }),
  ),
  rule(
    SecretLimitError,
    ({ message, deleteFirst }) =>
      new ApiError('secret-limit', {
        detail: message,
        extensions: { deleteFirst: { id: deleteFirst.id, name: deleteFirst.name, hint: deleteFirst.hint } },
      }),
  ),
  rule(SecretNotFoundError, () => new ApiError('secret-not-found', { detail: 'No such live secret.' })),
  rule(
    SecretRecentlyUsedError,
    (error) =>
      new ApiError('secret-recently-used', {
        detail: `${error.message}. Delete it with force=true if your systems no longer use it.`,
        extensions: {
          lastUsedAt: new Date(error.lastUsedAt).toISOString(),
          lastUseAmbiguous: error.ambiguous,
        },
      }),
  ),
  // Names the client and the attribute, never its content (docs/architecture.md#damaged-metadata).
  rule(
    DamagedApplicationError,
    (error) =>
      new ApiError('metadata-damaged', {
        detail: `The attribute ${error.attribute} of the application ${error.clientId} cannot be read; an operator must repair it in Keycloak.`,
      }),
  ),
  rule(ConcurrentChangeError, () => new ApiError('conflict', { detail: CONCURRENT_CHANGE_DETAIL })),
  rule(
    SelfAssignmentError,
    () =>
      new ApiError('self-assignment-refused', {
        detail: 'Operators cannot make themselves credential managers; another operator must add you.',
      }),
  ),
  rule(UserNotFoundError, () => new ApiError('not-found', { detail: 'No such user.' })),
  rule(EmailNotVerifiedError, () =>
    validationFailed([
      {
        field: 'userId',
        reason: 'email-not-verified',
        message: 'Only users with a verified email address can be credential managers.',
      },
    ]),
  ),
  rule(ManagedThroughGroupError, (error) =>
    validationFailed([
      {
        field: 'userId',
        reason: 'managed-through-group',
        message: `The user manages this application through ${error.via}; remove them from that group in Keycloak.`,
      },
    ]),
  ),
];

/** body-parser's errors carry a `type` such as `entity.too.large`. */
function bodyParserErrorType(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const type: unknown = Reflect.get(error, 'type');
  return typeof type === 'string' && 'expose' in error ? type : undefined;
}

function bodyParserProblem(error: unknown): ApiError | undefined {
  switch (bodyParserErrorType(error)) {
    case 'entity.parse.failed':
      return validationFailed([], 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new ApiError('payload-too-large', {
        detail: `The request body may have at most ${MAX_BODY_BYTES} bytes.`,
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError('unsupported-media-type', { detail: 'Send the request body as UTF-8 JSON.' });
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return validationFailed([], 'The request body could not be read.');
    default:
      return undecodableBody(error)
        ? validationFailed([], 'The request body could not be decoded; check its Content-Encoding.')
        : undefined;
  }
}

/**
 * A body that does not decode as its Content-Encoding says: zlib's error (codes `Z_…` for gzip/deflate,
 * `ERR__ERROR_…` for Brotli), passed on by body-parser as an exposed 400.
 */
function undecodableBody(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status: unknown = Reflect.get(error, 'status');
  const code: unknown = Reflect.get(error, 'code');
  return (
    status === 400 &&
    Reflect.get(error, 'expose') === true &&
    typeof code === 'string' &&
    /^(Z_|ERR__ERROR_)/.test(code)
  );
}

/**
 * A path whose percent-encoding does not decode: Express's parameter decoding throws a URIError (marked 400), and
 * the static file server an exposed 400 of its own. A client's mistake, never one of ours.
 */
function undecodablePath(error: unknown): ApiError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const exposed400 = Reflect.get(error, 'status') === 400 && Reflect.get(error, 'expose') === true;
  if (!(error instanceof URIError) && !exposed400) return undefined;
  return validationFailed([], 'The request path is not valid percent-encoded UTF-8.');
}

/** Maps any thrown value to the ApiError the client sees; undefined means "unexpected" (500). */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof Error) {
    const matching = USE_CASE_PROBLEMS.find(({ type }) => error instanceof type);
    if (matching !== undefined) return matching.toProblem(error);
  }
  return bodyParserProblem(error) ?? undecodablePath(error);
}
