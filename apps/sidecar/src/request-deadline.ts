// One deadline per API request (docs/architecture.md#security-model): however many Keycloak calls and retries a
// request makes, the caller gets an answer (at worst a 503) within it. Background jobs run without one.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

/** CREDMAN_REQUEST_DEADLINE_MS's default, for apps built without it. */
export const DEFAULT_REQUEST_DEADLINE_MS = 8000;

const deadlines = new AsyncLocalStorage<number>();

/** Runs `work` with a deadline `budgetMs` from now (epoch milliseconds of `now`). */
export function withDeadline<T>(budgetMs: number, work: () => T, now: () => number = Date.now): T {
  return deadlines.run(now() + budgetMs, work);
}

/** Milliseconds left before the current request's deadline, or undefined outside a request. */
export function remainingMs(now: () => number = Date.now): number | undefined {
  const deadline = deadlines.getStore();
  return deadline === undefined ? undefined : deadline - now();
}

/** Express middleware giving each request its deadline. */
export function requestDeadline(budgetMs: number): RequestHandler {
  return (_req, _res, next) => {
    withDeadline(budgetMs, () => {
      next();
    });
  };
}
