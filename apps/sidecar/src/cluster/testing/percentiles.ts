// Summary figures of measured durations, as the cluster suite reports them (no timed assertions).
export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles in milliseconds, rounded to 0.1 ms. */
export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number =>
    sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return { p50: round(rank(50)), p99: round(rank(99)), max: round(sorted.at(-1) ?? Number.NaN) };
}
