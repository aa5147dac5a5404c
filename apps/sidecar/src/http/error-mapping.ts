// The one place where a thrown error becomes the problem the client sees (docs/architecture.md#validation-and-errors).
// Route handlers do not catch: Express 5 forwards a rejected handler to the error handler (errors.ts), which asks
// `toApiError`. Each layer's errors carry a stable `code` (applications/, credentials/, store/ and keycloak/
// errors.ts); the table below maps a code to its problem. A new use-case error gets a place in MappedError, one
// row in USE_CASE_PROBLEMS (the compiler asks for it) and one in error-mapping.test.ts.
import {
  ApplicationExistsError,
  ApplicationInputError,
  EmailNotVerifiedError,
  ManagedThroughGroupError,
  SelfAssignmentError,
  UserNotFoundError,
} from '../applications/errors.ts';
import {
  CredentialValidationError,
  SecretLimitError,
  SecretNotFoundError,
  SecretRecentlyUsedError,
} from '../credentials/errors.ts';
import { KeycloakUnavailableError } from '../keycloak/errors.ts';
import { ApplicationNotFoundError, ConcurrentChangeError, DamagedApplicationError } from '../store/errors.ts';
import { ApiError, retryAfter, validationFailed } from './problems.ts';

export const MAX_BODY_BYTES = 16 * 1024;
/** Seconds a client should wait before retrying when Keycloak is unavailable. */
export const KEYCLOAK_RETRY_AFTER_SECONDS = 10;

/** 404 for an application the caller may not see or that does not exist: the two look the same. */
export function applicationNotFound(clientId: string): ApiError {
  return new ApiError('not-found', { detail: `No application ${clientId} that you can see.` });
}

/** The use-case and Keycloak-adapter errors that have a problem; any other error is unexpected (500, logged). */
type MappedError =
  | KeycloakUnavailableError
  | ApplicationNotFoundError
  | CredentialValidationError
  | ApplicationInputError
  | ApplicationExistsError
  | SecretLimitError
  | SecretNotFoundError
  | SecretRecentlyUsedError
  | DamagedApplicationError
  | ConcurrentChangeError
  | SelfAssignmentError
  | UserNotFoundError
  | EmailNotVerifiedError
  | ManagedThroughGroupError;

/** One problem per error code, made from the error of that code. */
type ProblemTable = { readonly [E in MappedError as E['code']]: (error: E) => ApiError };

const CONCURRENT_CHANGE_DETAIL =
  'Another change of this application is in progress (or did not finish and is held for up to two minutes). Reload and retry.';

/** Use-case and Keycloak-adapter errors → problems, by the error's `code`. */
const USE_CASE_PROBLEMS: ProblemTable = {
  'keycloak-unavailable': () =>
    retryAfter(
      'keycloak-unavailable',
      KEYCLOAK_RETRY_AFTER_SECONDS,
      'Keycloak did not answer; try again shortly.',
    ),
  // The use cases name the application in the message (store/application-store.ts, credential-service.ts,
  // edit-application.ts).
  'application-not-found': (error) => applicationNotFound(error.message),
  'credential-validation-failed': (error) => validationFailed(error.fields),
  'application-input-invalid': (error) => validationFailed(error.fields),
  'application-exists': (error) =>
    new ApiError('already-exists', { detail: `An application ${error.message} exists already.` }),
  'secret-limit': ({ message, deleteFirst }) =>
    new ApiError('secret-limit', {
      detail: message,
      extensions: { deleteFirst: { id: deleteFirst.id, name: deleteFirst.name, hint: deleteFirst.hint } },
    }),
  'secret-not-found': () => new ApiError('secret-not-found', { detail: 'No such live secret.' }),
  'secret-recently-used': (error) =>
    new ApiError('secret-recently-used', {
      detail: `${error.message}. Delete it with force=true if your systems no longer use it.`,
      extensions: {
        lastUsedAt: new Date(error.lastUsedAt).toISOString(),
        lastUseAmbiguous: error.ambiguous,
      },
    }),
  // Names the client and the attribute, never its content (docs/architecture.md#damaged-metadata).
  'application-damaged': (error) =>
    new ApiError('metadata-damaged', {
      detail: `The attribute ${error.attribute} of the application ${error.clientId} cannot be read; an operator must repair it in Keycloak.`,
    }),
  'concurrent-change': () => new ApiError('conflict', { detail: CONCURRENT_CHANGE_DETAIL }),
  'self-assignment': () =>
    new ApiError('self-assignment-refused', {
      detail: 'Operators cannot make themselves credential managers; another operator must add you.',
    }),
  'user-not-found': () => new ApiError('not-found', { detail: 'No such user.' }),
  'email-not-verified': () =>
    validationFailed([
      {
        field: 'userId',
        reason: 'email-not-verified',
        message: 'Only users with a verified email address can be credential managers.',
      },
    ]),
  'managed-through-group': (error) =>
    validationFailed([
      {
        field: 'userId',
        reason: 'managed-through-group',
        message: `The user manages this application through ${error.via}; remove them from that group in Keycloak.`,
      },
    ]),
};

/** The problem of an error whose `code` is in the table; own keys only, so `toString` and the like are no code. */
function useCaseProblem(error: Error): ApiError | undefined {
  const code: unknown = Reflect.get(error, 'code');
  if (typeof code !== 'string' || !Object.hasOwn(USE_CASE_PROBLEMS, code)) return undefined;
  const toProblem = USE_CASE_PROBLEMS[code as MappedError['code']] as (error: Error) => ApiError;
  return toProblem(error);
}

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
  return (
    (error instanceof Error ? useCaseProblem(error) : undefined) ??
    bodyParserProblem(error) ??
    undecodablePath(error)
  );
}
