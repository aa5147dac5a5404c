// A background job's schedule, shared by the sweeper, the realm scan and the retired-secret watch: runs one at a
// time (a call during a run joins it), the next scheduled only once the previous ended, so a slow run never piles
// up; a pending timer does not keep the process alive; stop() waits for a run in progress, so shutdown does not
// cut a write in half.

export interface PeriodicRunOptions<T> {
  run: () => Promise<T>;
  /** Milliseconds between the end of one run and the start of the next. */
  intervalMs: number;
  /** Milliseconds from start() to the first run; the interval unless told. */
  firstDelayMs?: number;
  /** Told of each scheduled run's result or failure (a failure never stops the schedule). */
  onSettled: (outcome: { result: T } | { error: unknown }) => void;
}

export class PeriodicRun<T> {
  readonly #options: PeriodicRunOptions<T>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<T> | undefined;
  #started = false;

  constructor(options: PeriodicRunOptions<T>) {
    this.#options = options;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#schedule(this.#options.firstDelayMs ?? this.#options.intervalMs);
  }

  async stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** One run now; a call during a run joins that run instead of starting another. */
  runOnce(): Promise<T> {
    this.#running ??= this.#options.run().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  #schedule(delayMs: number): void {
    if (!this.#started) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.runOnce()
        .then(
          (result) => {
            this.#options.onSettled({ result });
          },
          (error: unknown) => {
            this.#options.onSettled({ error });
          },
        )
        .finally(() => {
          this.#schedule(this.#options.intervalMs);
        });
    }, delayMs);
    this.#timer.unref();
  }
}
