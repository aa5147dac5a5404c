// Which clients were recently seen defining the credential-manager role. Whether a client is managed changes
// only when an operator removes its role in Keycloak, so the answer is kept as long as manager rights are
// (≤ 30 s: docs/architecture.md#authorisation); it saves one Keycloak call per request.

/** How long a client seen defining the manager role counts as managed without asking Keycloak again. */
export const MANAGED_CACHE_MS = 30_000;
/** Bound on that memory; past it, it simply starts over. */
const MANAGED_CACHE_SIZE = 10_000;

export class ManagedClientCache {
  readonly #now: () => number;
  /** Client UUID → when it was last seen defining the manager role (epoch milliseconds). */
  readonly #seenAt = new Map<string, number>();

  constructor(now: () => number) {
    this.#now = now;
  }

  isManaged(clientUuid: string): boolean {
    const seenAt = this.#seenAt.get(clientUuid);
    const age = this.#now() - (seenAt ?? Number.NaN);
    return age >= 0 && age < MANAGED_CACHE_MS;
  }

  remember(clientUuid: string): void {
    if (this.#seenAt.size >= MANAGED_CACHE_SIZE) this.#seenAt.clear();
    this.#seenAt.set(clientUuid, this.#now());
  }

  forget(clientUuid: string): void {
    this.#seenAt.delete(clientUuid);
  }
}
