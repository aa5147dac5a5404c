import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PeriodicRun } from './periodic-run.ts';

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
