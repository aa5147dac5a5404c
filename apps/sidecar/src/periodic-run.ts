// A background job's schedule, shared by the sweeper, the realm scan and the retired-secret watch: runs one at a
// time (a call during a run joins it), the next scheduled only once the previous ended, so a slow run never piles
// up; a pending timer does not keep the process alive; stop() waits for a run in progress, so shutdown does not
// cut a write in half. Either at an interval after each run, or daily at a fixed UTC hour (the due index
// reconciliation).

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The first instant after `now` (epoch milliseconds) at `hour`:00:00 UTC. Pure; UTC has no DST. */
export function nextRunAtHourUtc(now: number, hour: number): number {
  const todayAt = Math.floor(now / DAY_MS) * DAY_MS + hour * HOUR_MS;
  return todayAt > now ? todayAt : todayAt + DAY_MS;
}

interface PeriodicRunCommon<T> {
  run: () => Promise<T>;
  /** Told of each scheduled run's result or failure (a failure never stops the schedule). */
  onSettled: (outcome: { result: T } | { error: unknown }) => void;
}

export type PeriodicRunOptions<T> = PeriodicRunCommon<T> &
  (
    | {
        /** Milliseconds between the end of one run and the start of the next. */
        intervalMs: number;
        /** Milliseconds from start() to the first run; the interval unless told. */
        firstDelayMs?: number;
      }
    | {
        /** Runs once a day at this UTC hour (0-23), the next one at the first such hour after a run ends. */
        dailyAtHourUtc: number;
        /** Epoch milliseconds. */
        now: () => number;
      }
  );

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
    this.#schedule(this.#delay(true));
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

  #delay(first: boolean): number {
    const options = this.#options;
    if ('dailyAtHourUtc' in options) {
      const now = options.now();
      return nextRunAtHourUtc(now, options.dailyAtHourUtc) - now;
    }
    return first ? (options.firstDelayMs ?? options.intervalMs) : options.intervalMs;
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
          this.#schedule(this.#delay(false));
        });
    }, delayMs);
    this.#timer.unref();
  }
}
