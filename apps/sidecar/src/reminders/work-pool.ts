// Bounded concurrency for the reminder runner: at most `limit` tasks in flight.

/**
 * At most `limit` tasks in flight, fed one at a time: unlike a pool per page, the scan can read the next page
 * while the last applications of this one are still being notified, so neither Keycloak nor credman waits for
 * the slowest application of a page. Tasks must not reject (notify.ts reports its own failures).
 */
export class WorkSlots {
  readonly #limit: number;
  readonly #running = new Set<Promise<void>>();

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Starts `task` once a slot is free. */
  async start(task: () => Promise<void>): Promise<void> {
    while (this.#running.size >= this.#limit) await Promise.race(this.#running);
    const running: Promise<void> = task().finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  async drain(): Promise<void> {
    await Promise.all(this.#running);
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const slots = new WorkSlots(limit);
  for (const item of items) await slots.start(() => work(item));
  await slots.drain();
}
