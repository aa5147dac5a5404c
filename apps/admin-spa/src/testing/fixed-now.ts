// Component tests read time as the fixtures' NOW: only Date is faked, so timers (and the UI's waits) stay real.
import { afterEach, beforeEach, vi } from 'vitest';
import { NOW } from './fixtures.ts';

/** Call once at the top of a test file that shows dates or relative days. */
export function useFixedNow(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
