// Validation outcomes are plain values so callers (HTTP handlers, forms) can map every error without try/catch.

/** Every domain error carries a stable machine-readable `reason` and an English sentence for people. */
export interface DomainError {
  reason: string;
  message: string;
}

export type Result<T, E extends DomainError = DomainError> =
  { ok: true; value: T } | { ok: false; errors: E[] };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<E extends DomainError>(errors: E[]): { ok: false; errors: E[] } {
  return { ok: false, errors };
}
