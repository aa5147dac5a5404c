// The reminder benchmark's scenario, shared by the bench process (the sidecar side) and the seeded double it
// spawns. Kept free of heavy imports: the bench process measures credman's memory, not the double's code.
import { DateTime } from 'luxon';

export const ZONE = 'Europe/Amsterdam';
export const REALM = 'credman';
export const SIDECAR_CLIENT_ID = 'credman-sidecar';
export const SIDECAR_SECRET = 'reminders-bench-sidecar-secret';
export const DAY_MS = 86_400_000;
/** The measured scan: the first hourly run after midnight, when the day's milestones fall due. */
export const SCAN_AT = DateTime.fromISO('2027-06-01T00:05', { zone: ZONE }).toMillis();

/** Applications to seed (N); 10,000 is the budgeted size (docs/architecture.md#benchmarks-and-budgets). */
export function benchApplications(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.BENCH_REMINDER_APPS ?? 10_000);
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_REMINDER_APPS must be a positive integer`);
  return n;
}
