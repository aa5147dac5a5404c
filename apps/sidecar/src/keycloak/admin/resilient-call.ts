// One admin call made resilient: a timeout on every call, retries for idempotent reads only while the request's
// deadline leaves room, nothing sent while the circuit breaker is open (docs/architecture.md#security-model),
// one token renewal on a 401, and each call's outcome told to the metrics.
import { performance } from 'node:perf_hooks';
import { millisAsSeconds } from '@credman/domain';
import { remainingMs as requestRemainingMs } from '../../request-deadline.ts';
import {
  DeadlinePassed,
  KeycloakAccessError,
  KeycloakConflictError,
  KeycloakRejectedError,
  KeycloakUnavailableError,
  RefusedCall,
} from '../errors.ts';
import { mapError, statusOf } from './error-mapping.ts';
import type { AdminAdapterOptions, AdminCallOutcome } from './options.ts';
import type { ServiceAccountToken } from './service-account-token.ts';

/** Runs one admin call (`what` names it in errors and metrics); only an idempotent one is retried. */
export type AdminCall = <T>(what: string, operation: () => Promise<T>, idempotent: boolean) => Promise<T>;

export type ResilientCallOptions = Pick<
  AdminAdapterOptions,
  'timeoutMs' | 'readRetryDelaysMs' | 'breaker' | 'remainingMs' | 'observeCall'
>;

function outcomeOf(error: unknown): AdminCallOutcome {
  if (error instanceof RefusedCall) return 'refused';
  if (error instanceof KeycloakUnavailableError) return 'unavailable';
  if (error instanceof KeycloakConflictError) return 'conflict';
  if (error instanceof KeycloakRejectedError) return 'rejected';
  if (error instanceof KeycloakAccessError) return 'access-denied';
  return 'error';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ResilientCall {
  readonly #options: ResilientCallOptions;
  readonly #serviceAccount: ServiceAccountToken;

  constructor(options: ResilientCallOptions, serviceAccount: ServiceAccountToken) {
    this.#options = options;
    this.#serviceAccount = serviceAccount;
  }

  /**
   * Runs one call; a 401 renews the service-account token once (it may have expired on Keycloak's clock). Reads
   * are retried while the request's deadline leaves room; nothing is sent while the breaker is open.
   */
  async call<T>(what: string, operation: () => Promise<T>, idempotent: boolean): Promise<T> {
    const observe = this.#options.observeCall;
    if (observe === undefined) return this.#attempts(what, operation, idempotent);
    const started = performance.now();
    try {
      const result = await this.#attempts(what, operation, idempotent);
      observe(what, 'ok', (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      observe(what, outcomeOf(error), (performance.now() - started) / 1000);
      throw error;
    }
  }

  async #attempts<T>(what: string, operation: () => Promise<T>, idempotent: boolean): Promise<T> {
    const delays = idempotent ? (this.#options.readRetryDelaysMs ?? [100, 400]) : [];
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      this.#admit(what);
      try {
        const result = await this.#withinDeadline(what, operation, idempotent);
        this.#options.breaker?.recordSuccess();
        return result;
      } catch (error) {
        if (error instanceof DeadlinePassed) throw error.unavailable;
        const mapped = mapError(error, what);
        this.#recordOutcome(mapped);
        if (statusOf(error) === 401 && !renewed) {
          renewed = true;
          this.#serviceAccount.forget();
          attempt--;
          continue;
        }
        const delay = delays[attempt];
        if (!(mapped instanceof KeycloakUnavailableError) || delay === undefined || !this.#roomFor(delay))
          throw mapped;
        await sleep(delay);
      }
    }
  }

  #remaining(): number | undefined {
    return (this.#options.remainingMs ?? requestRemainingMs)();
  }

  /** Refuses at once when the breaker is open or the request's deadline has passed. */
  #admit(what: string): void {
    const remaining = this.#remaining();
    if (remaining !== undefined && remaining <= 0)
      throw new RefusedCall(`Request deadline passed before: ${what}`, { mayStillLand: false });
    const breaker = this.#options.breaker;
    if (breaker !== undefined && !breaker.tryAcquire()) {
      const seconds = Math.ceil(millisAsSeconds(breaker.waitMs()));
      throw new RefusedCall(`Keycloak is unavailable; calls paused for ${String(seconds)} s: ${what}`, {
        mayStillLand: false,
      });
    }
  }

  #roomFor(delayMs: number): boolean {
    const remaining = this.#remaining();
    return remaining === undefined || remaining > delayMs;
  }

  #recordOutcome(error: Error): void {
    const breaker = this.#options.breaker;
    if (breaker === undefined) return;
    if (error instanceof KeycloakUnavailableError) breaker.recordUnavailable();
    else breaker.recordSuccess();
  }

  /** A read gives up when the request's deadline comes; a write keeps its own timeout (it may land anyway). */
  async #withinDeadline<T>(what: string, operation: () => Promise<T>, idempotent: boolean): Promise<T> {
    const remaining = this.#remaining();
    if (!idempotent || remaining === undefined || remaining >= this.#options.timeoutMs) return operation();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new DeadlinePassed(what));
      }, remaining);
    });
    try {
      return await Promise.race([operation(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}
