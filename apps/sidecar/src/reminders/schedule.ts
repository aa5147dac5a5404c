// The reminder job's schedule (docs/architecture.md#reminder-flow): croner in the configured zone; runs in one
// process never overlap.
import { Cron } from 'croner';
import { ReminderRunner } from './runner.ts';
import type { ReminderRunnerDeps, RunReport } from './runner.ts';

export interface ReminderSchedule {
  /** Runs now (joining a run in progress). */
  runNow(): Promise<RunReport>;
  /** Stops the schedule and waits for a run in progress. */
  stop(): Promise<void>;
  /** The next scheduled run, or null when disabled. */
  nextRun(): Date | null;
}

/**
 * Starts the reminder job on a cron schedule read in the configured zone; with `enabled: false` nothing is
 * scheduled but `runNow()` still works (a replica can leave the schedule to others).
 */
export function startReminderRunner(
  deps: ReminderRunnerDeps & { schedule: string; enabled: boolean },
): ReminderSchedule {
  const runner = new ReminderRunner(deps);
  const job = deps.enabled
    ? new Cron(deps.schedule, { timezone: deps.settings.zone, protect: true }, async () => {
        try {
          const report = await runner.runOnce();
          deps.logger.info({ reminders: report }, 'reminder run finished');
        } catch (error) {
          deps.logger.warn({ err: error }, 'reminder run could not scan the applications; retried next time');
        }
      })
    : undefined;
  return {
    runNow: () => runner.runOnce(),
    nextRun: () => job?.nextRun() ?? null,
    async stop() {
      job?.stop();
      await runner.idle();
    },
  };
}
