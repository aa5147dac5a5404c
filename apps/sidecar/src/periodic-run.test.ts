import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PeriodicRun, nextRunAtHourUtc } from './periodic-run.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PeriodicRun', () => {
  it('given a run in progress, then runOnce joins it instead of starting another', async () => {
    let release: (value: number) => void = () => undefined;
    const run = vi.fn(() => new Promise<number>((resolve) => (release = resolve)));
    const job = new PeriodicRun({ run, intervalMs: 1_000, onSettled: () => undefined });
    const first = job.runOnce();
    const second = job.runOnce();
    release(7);
    expect(await Promise.all([first, second])).toEqual([7, 7]);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('given a failing run, then the outcome is told and the next run is still scheduled an interval after it', async () => {
    const outcomes: unknown[] = [];
    let calls = 0;
    const job = new PeriodicRun({
      run: () => (++calls === 1 ? Promise.reject(new Error('down')) : Promise.resolve(calls)),
      intervalMs: 1_000,
      firstDelayMs: 0,
      onSettled: (outcome) => outcomes.push('error' in outcome ? 'failed' : outcome.result),
    });
    job.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes).toEqual(['failed']);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(outcomes).toEqual(['failed', 2]);
    await job.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toBe(2);
  });

  it('given stop during a run, then it waits for that run and schedules none after it', async () => {
    let release: () => void = () => undefined;
    let calls = 0;
    const job = new PeriodicRun({
      run: () => {
        calls++;
        return new Promise<void>((resolve) => (release = resolve));
      },
      intervalMs: 1_000,
      onSettled: () => undefined,
    });
    job.start();
    await vi.advanceTimersByTimeAsync(1_000);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(1);
  });
});

describe('nextRunAtHourUtc', () => {
  it('given a time before the hour, then it is that hour the same UTC day', () => {
    expect(nextRunAtHourUtc(Date.UTC(2027, 2, 28, 1, 59, 59), 3)).toBe(Date.UTC(2027, 2, 28, 3));
  });

  it('given exactly the hour, then it is the next day (a run at 03:00 is not repeated at 03:00)', () => {
    expect(nextRunAtHourUtc(Date.UTC(2027, 2, 28, 3), 3)).toBe(Date.UTC(2027, 2, 29, 3));
  });

  it('given a time after the hour, then it is that hour the next UTC day, across a month and a year', () => {
    expect(nextRunAtHourUtc(Date.UTC(2027, 0, 31, 22), 3)).toBe(Date.UTC(2027, 1, 1, 3));
    expect(nextRunAtHourUtc(Date.UTC(2027, 11, 31, 23, 30), 0)).toBe(Date.UTC(2028, 0, 1, 0));
  });

  it('given hour 23 just before midnight, then it is the next day', () => {
    expect(nextRunAtHourUtc(Date.UTC(2027, 5, 1, 23, 0, 0, 1), 23)).toBe(Date.UTC(2027, 5, 2, 23));
  });
});

describe('PeriodicRun daily at a UTC hour', () => {
  it('given start() at 01:00, then it runs at 03:00 and again at 03:00 the next day', async () => {
    vi.setSystemTime(Date.UTC(2027, 0, 4, 1));
    const runs: number[] = [];
    const job = new PeriodicRun({
      run: () => {
        runs.push(Date.now());
        return Promise.resolve(runs.length);
      },
      dailyAtHourUtc: 3,
      now: () => Date.now(),
      onSettled: () => undefined,
    });
    job.start();
    await vi.advanceTimersByTimeAsync(2 * 3_600_000 - 1);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual([Date.UTC(2027, 0, 4, 3)]);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(runs).toEqual([Date.UTC(2027, 0, 4, 3), Date.UTC(2027, 0, 5, 3)]);
    await job.stop();
  });
});
