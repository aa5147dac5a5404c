// Serialises the mutations of one application inside this process. Across replicas the revision claim
// (write-claim.ts, docs/architecture.md#revision-claim) does what this cannot.

export class KeyedLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task with the same key has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Keys with queued or running tasks (for tests and metrics). */
  get busyKeys(): number {
    return this.#tails.size;
  }
}
