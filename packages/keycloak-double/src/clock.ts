// Keycloak reads time through Time.currentTime(); the double reads it through an injectable clock so tests can
// move time (expire a secret, age a token) without waiting.

export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that stands still until told to move; starts at `start` (epoch ms) or the real time. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: number | Date = Date.now()) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  set(to: number | Date): void {
    this.current = typeof to === 'number' ? to : to.getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }

  advanceSeconds(seconds: number): void {
    this.current += seconds * 1000;
  }
}

/** Keycloak's `Time.currentTime()`: whole epoch seconds. */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}
