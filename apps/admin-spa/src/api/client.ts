// The one way the console talks to the sidecar: JSON over fetch with the user's bearer token, and every error
// response turned into an ApiProblem carrying the problem+json code, detail and field errors.
import { problemCodeOf } from '@credman/domain';
import type { FieldError } from '@credman/domain';

/**
 * What the API client needs from the login: a fresh token per call, and whom to tell when the session has ended
 * (logged out elsewhere, or expired): the console says so and lets the user log in again when they choose,
 * instead of leaving the page, and what they typed, at once.
 */
export interface ApiAuth {
  token(): Promise<string>;
  sessionEnded(): void;
}

let boundAuth: ApiAuth | undefined;

/**
 * Binds the logged-in session used by `apiFetch`. Module-level because pages and the operator module import
 * `apiFetch` directly; the AuthProvider binds it before any child renders.
 */
export function bindApiAuth(auth: ApiAuth | undefined): void {
  boundAuth = auth;
}

export class ApiProblem extends Error {
  override name = 'ApiProblem';
  readonly status: number;
  /** The problem code without the `urn:credman:problem:` prefix, or `unknown` for a foreign error body. */
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fields: FieldError[];
  /** From the Retry-After header of 429 and 503 answers. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail?: string | undefined;
    fields?: FieldError[];
    retryAfterSeconds?: number | undefined;
  }) {
    super(init.detail ?? init.title);
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.fields = init.fields ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export interface ApiFetchInit {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
}

export async function apiFetch<T>(path: string, init: ApiFetchInit = {}): Promise<T> {
  const auth = boundAuth;
  if (auth === undefined) throw new Error('apiFetch used before a login session was bound');
  let token: string;
  try {
    token = await auth.token();
  } catch {
    // The refresh token is gone or expired: only a new login helps.
    auth.sessionEnded();
    throw new ApiProblem({ status: 401, code: 'unauthenticated', title: 'Your session has ended' });
  }
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    Authorization: `Bearer ${token}`,
  };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  // An absolute URL: the page origin in the browser, and the same under jsdom in tests.
  const response = await fetch(new URL(path, window.location.origin), {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? null : JSON.stringify(init.body),
    signal: init.signal ?? null,
  });
  if (!response.ok) {
    const problem = await problemFrom(response);
    // An expired or revoked session cannot be repaired in place: a new login is needed.
    if (problem.status === 401) auth.sessionEnded();
    throw problem;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function problemFrom(response: Response): Promise<ApiProblem> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!isProblemBody(body)) {
    return new ApiProblem({
      status: response.status,
      code: 'unknown',
      title: response.statusText || `HTTP ${response.status}`,
      retryAfterSeconds,
    });
  }
  return new ApiProblem({
    status: response.status,
    code: problemCodeOf(body.type) ?? 'unknown',
    title: body.title,
    detail: typeof body.detail === 'string' ? body.detail : undefined,
    fields: Array.isArray(body.errors) ? body.errors.filter(isFieldError) : [],
    retryAfterSeconds,
  });
}

interface ProblemBody {
  type: string;
  title: string;
  detail?: unknown;
  errors?: unknown;
}

function isProblemBody(body: unknown): body is ProblemBody {
  if (typeof body !== 'object' || body === null) return false;
  const candidate = body as Record<string, unknown>;
  return typeof candidate.type === 'string' && typeof candidate.title === 'string';
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.field === 'string' &&
    typeof candidate.reason === 'string' &&
    typeof candidate.message === 'string'
  );
}

/** Retry-After in seconds; the HTTP-date form is accepted too, since proxies may rewrite it. */
function parseRetryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
