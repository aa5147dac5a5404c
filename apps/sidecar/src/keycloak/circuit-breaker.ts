// While Keycloak is down every call would wait for its own timeout; after a few failures in a row the breaker
// answers at once instead (503 with Retry-After) and lets one call through per cool-down to find out whether
// Keycloak is back (docs/architecture.md#security-model).

/** Three calls in a row without an answer (each up to CREDMAN_KEYCLOAK_TIMEOUT_MS) open the breaker … */
export const BREAKER_FAILURE_THRESHOLD = 3;
/** … for five seconds; then one trial call finds out whether Keycloak is back. */
export const BREAKER_COOL_DOWN_MS = 5000;

export interface CircuitBreakerOptions {
  /** Consecutive unavailable calls that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker refuses calls before it lets one trial call through. */
  coolDownMs: number;
  /** Current time, epoch milliseconds. */
  now: () => number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  readonly #options: CircuitBreakerOptions;
  #failures = 0;
  #openedAt: number | undefined;
  #trialInFlight = false;

  constructor(options: CircuitBreakerOptions) {
    this.#options = options;
  }

  get state(): BreakerState {
    if (this.#openedAt === undefined) return 'closed';
    return this.#options.now() - this.#openedAt >= this.#options.coolDownMs ? 'half-open' : 'open';
  }

  /** Milliseconds until an open breaker lets a trial call through; 0 when calls may go now. */
  waitMs(): number {
    if (this.#openedAt === undefined) return 0;
    return Math.max(0, this.#openedAt + this.#options.coolDownMs - this.#options.now());
  }

  /** Whether a call may go to Keycloak now; in half-open state only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.#trialInFlight) return false;
    this.#trialInFlight = true;
    return true;
  }

  /** Keycloak answered (whatever it said): it is up. */
  recordSuccess(): void {
    this.#failures = 0;
    this.#openedAt = undefined;
    this.#trialInFlight = false;
  }

  /** Keycloak did not answer, or answered 5xx. */
  recordUnavailable(): void {
    this.#failures += 1;
    this.#trialInFlight = false;
    if (this.#openedAt !== undefined || this.#failures >= this.#options.failureThreshold) {
      this.#openedAt = this.#options.now();
    }
  }
}
