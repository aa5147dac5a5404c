// The sidecar's one error type. Anything that should reach the client as a problem (RFC 9457) is an ApiError
// carrying a stable code from @credman/domain; the central error handler (errors.ts) turns it into JSON.
import { PROBLEMS, problemType } from '@credman/domain';
import type { FieldError, Problem, ProblemCode } from '@credman/domain';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ApiErrorOptions {
  /** A sentence for humans about this occurrence. Never include request bodies or secrets. */
  detail?: string | undefined;
  /** Field errors of a `validation-failed` problem. */
  errors?: readonly FieldError[];
  /** Extra problem members, e.g. `{ secretId }` for secret-limit. */
  extensions?: Readonly<Record<string, unknown>>;
  /** Response headers, e.g. `Retry-After`, `WWW-Authenticate`, `Allow`. */
  headers?: Readonly<Record<string, string>>;
  cause?: unknown;
}

// Members the handler sets itself; extensions may not overwrite them.
const RESERVED_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors']);

export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ProblemCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly fieldErrors: readonly FieldError[];
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ProblemCode, options: ApiErrorOptions = {}) {
    super(options.detail ?? PROBLEMS[code].title, { cause: options.cause });
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.detail = options.detail;
    this.fieldErrors = options.errors ?? [];
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  /** The problem document for this error; `instance` identifies the request it answers. */
  toProblem(instance?: string): Problem {
    const problem: Problem = {
      type: problemType(this.code),
      title: PROBLEMS[this.code].title,
      status: this.status,
    };
    if (this.detail !== undefined) problem.detail = this.detail;
    if (instance !== undefined) problem.instance = instance;
    if (this.fieldErrors.length > 0) problem.errors = [...this.fieldErrors];
    for (const [key, value] of Object.entries(this.extensions)) {
      if (!RESERVED_MEMBERS.has(key)) problem[key] = value;
    }
    return problem;
  }
}

export function validationFailed(
  errors: readonly FieldError[],
  detail = 'The request has invalid fields.',
): ApiError {
  return new ApiError('validation-failed', { detail, errors });
}

/** 401 with the RFC 6750 challenge; `invalidToken` adds `error="invalid_token"` when a token was sent. */
export function unauthenticated(
  detail: string,
  options: { invalidToken?: boolean; cause?: unknown } = {},
): ApiError {
  const challenge =
    options.invalidToken === true
      ? `Bearer realm="credman", error="invalid_token"`
      : `Bearer realm="credman"`;
  return new ApiError('unauthenticated', {
    detail,
    headers: { 'WWW-Authenticate': challenge },
    cause: options.cause,
  });
}

/** 403 asking for a step-up login (RFC 9470 challenge with the required acr). */
export function mfaRequired(requiredAcr: string): ApiError {
  return new ApiError('mfa-required', {
    detail: 'Log in again with multi-factor authentication.',
    headers: {
      'WWW-Authenticate': `Bearer realm="credman", error="insufficient_user_authentication", acr_values="${requiredAcr}"`,
    },
  });
}

export function retryAfter(
  code: 'rate-limited' | 'keycloak-unavailable',
  seconds: number,
  detail?: string,
): ApiError {
  return new ApiError(code, {
    detail,
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(seconds))) },
  });
}
