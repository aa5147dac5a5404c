// Stable error codes of credman's HTTP API (RFC 9457 problem `type` values), shared by the sidecar, which
// produces them, and the SPA, which maps them to messages. Codes are part of the API contract: never rename one.

export const PROBLEM_TYPE_PREFIX = 'urn:credman:problem:';

export const PROBLEMS = {
  'validation-failed': { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'Authentication is required' },
  'mfa-required': { status: 403, title: 'Multi-factor authentication is required' },
  'operator-required': { status: 403, title: 'Only operators may do this' },
  'manager-required': { status: 403, title: 'Only credential managers of this application may do this' },
  'self-assignment-refused': { status: 403, title: 'Operators cannot make themselves credential managers' },
  'not-found': { status: 404, title: 'Not found' },
  // The application is there and the caller's, but the secret is not live (deleted meanwhile, or never was):
  // a console tells "someone deleted it" apart from "no such application".
  'secret-not-found': { status: 404, title: 'No such live secret' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'secret-limit': { status: 409, title: 'The application already has two live secrets' },
  conflict: { status: 409, title: 'The application was changed concurrently' },
  'secret-recently-used': { status: 409, title: 'The secret was used recently' },
  'already-exists': { status: 409, title: 'It already exists' },
  'metadata-damaged': { status: 409, title: 'Application metadata is damaged' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be JSON' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Internal error' },
  'keycloak-unavailable': { status: 503, title: 'Keycloak is unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export const PROBLEM_CODES = Object.keys(PROBLEMS) as ProblemCode[];

export function problemType(code: ProblemCode): string {
  return PROBLEM_TYPE_PREFIX + code;
}

/** The code of a problem `type` URI, or undefined when it is not one of credman's. */
export function problemCodeOf(type: string): ProblemCode | undefined {
  if (!type.startsWith(PROBLEM_TYPE_PREFIX)) return undefined;
  const code = type.slice(PROBLEM_TYPE_PREFIX.length);
  // Own keys only: `in` would also accept inherited names such as `toString`.
  return Object.hasOwn(PROBLEMS, code) ? (code as ProblemCode) : undefined;
}

/** One invalid field of a request, as carried in a `validation-failed` problem's `errors` member. */
export interface FieldError {
  /** JSON-pointer-like path of the field, e.g. `name` or `parts.country`. */
  field: string;
  /** A stable reason code, e.g. `too-long`. */
  reason: string;
  /** A human-readable sentence. */
  message: string;
}

/** The JSON body of every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}
