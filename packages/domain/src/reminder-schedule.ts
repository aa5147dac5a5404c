// Which expiry notice is due for one live secret. Milestones are calendar dates in the configured zone,
// counted back from the expiry date D (the secret works until the end of D):
//   before-42  from 00:00 of D-42        before-21  from 00:00 of D-21
//   daily:<date> from 00:00 of each date D-7 ... D (8 notices)
//   expired    from the first second the secret no longer works (00:00 of D+1)
// A run sends at most ONE notice: the newest one that is due, and only if it is newer than everything already
// sent. So after an outage people get the current notice instead of a burst of stale ones.
import { daysLeft } from './status.ts';
import {
  addDays,
  calendarDateOf,
  startOfDate,
  toEpochMillis,
  toEpochSeconds,
  toMillis,
  type CalendarDate,
  type Instant,
} from './time.ts';

export const FIRST_REMINDER_DAYS_BEFORE = 42;
export const SECOND_REMINDER_DAYS_BEFORE = 21;
export const DAILY_REMINDERS_FROM_DAYS_BEFORE = 7;

export type ReminderKind = 'before-42' | 'before-21' | 'daily' | 'expired';

export interface ReminderMilestone {
  /** Stable id for the ledger: `before-42`, `before-21`, `daily:YYYY-MM-DD` or `expired`. */
  id: string;
  kind: ReminderKind;
  /** Epoch milliseconds from which the notice is due. */
  dueAt: number;
}

export interface ReminderNotice extends ReminderMilestone {
  /** Calendar days left at sending time (see `daysLeft`): 0 on the expiry date, negative afterwards. */
  daysLeft: number;
  /** A newer live secret exists: the notice asks to delete this one once systems use the new one. */
  replacementExists: boolean;
}

/** The instant from which Keycloak refuses the secret: the epoch second after its expiration second. */
function firstExpiredMillis(expiresAt: Instant): number {
  return toMillis(toEpochSeconds(expiresAt) + 1);
}

/**
 * The milestones that apply to a secret, ordered by due time. Milestones due before the secret was created are
 * left out: a secret created with 30 days of validity never gets a "42 days left" notice.
 */
export function reminderMilestones(
  createdAt: Instant,
  expiresAt: Instant,
  zone: string,
): ReminderMilestone[] {
  return applicableMilestones(toEpochMillis(createdAt), toEpochMillis(expiresAt), zone).map((milestone) => ({
    ...milestone,
  }));
}

// The reminder job asks about the same secrets run after run, and zone conversions are the costly part, so
// results are memoised (the function is pure). The bound keeps memory flat however many secrets there are.
const MEMO_LIMIT = 1000;
const memo = new Map<string, readonly ReminderMilestone[]>();

function applicableMilestones(
  createdAt: number,
  expiresAt: number,
  zone: string,
): readonly ReminderMilestone[] {
  const key = `${createdAt}|${expiresAt}|${zone}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const milestones = computeMilestones(expiresAt, zone).filter((milestone) => milestone.dueAt >= createdAt);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, milestones);
  return milestones;
}

function computeMilestones(expiresAt: number, zone: string): ReminderMilestone[] {
  const expiryDate = calendarDateOf(expiresAt, zone);
  const dateBefore = (days: number): CalendarDate => addDays(expiryDate, -days);
  const midnight = (date: CalendarDate): number => startOfDate(date, zone).toMillis();
  const milestones: ReminderMilestone[] = [
    { id: 'before-42', kind: 'before-42', dueAt: midnight(dateBefore(FIRST_REMINDER_DAYS_BEFORE)) },
    { id: 'before-21', kind: 'before-21', dueAt: midnight(dateBefore(SECOND_REMINDER_DAYS_BEFORE)) },
  ];
  for (let days = DAILY_REMINDERS_FROM_DAYS_BEFORE; days >= 0; days--) {
    const date = dateBefore(days);
    milestones.push({ id: `daily:${date}`, kind: 'daily', dueAt: midnight(date) });
  }
  milestones.push({ id: 'expired', kind: 'expired', dueAt: firstExpiredMillis(expiresAt) });
  return milestones;
}

export interface ReminderInput {
  createdAt: Instant;
  expiresAt: Instant;
  zone: string;
  now: Instant;
  /** Ids of the milestones already sent for this secret (the ledger). */
  sent: readonly string[];
  newerLiveSecret: boolean;
}

/** The one notice to send now for this secret, or null when nothing new is due. */
export function dueReminder(input: ReminderInput): ReminderNotice | null {
  const now = toEpochMillis(input.now);
  const milestones = applicableMilestones(
    toEpochMillis(input.createdAt),
    toEpochMillis(input.expiresAt),
    input.zone,
  );
  const sent = new Set(input.sent);
  // Everything up to the newest milestone already sent is done, including milestones skipped during a gap.
  const lastSentIndex = milestones.findLastIndex((milestone) => sent.has(milestone.id));
  const newestDueIndex = milestones.findLastIndex((milestone) => milestone.dueAt <= now);
  const milestone = milestones[newestDueIndex];
  if (milestone === undefined || newestDueIndex <= lastSentIndex) return null;
  return {
    ...milestone,
    daysLeft: daysLeft(input.expiresAt, now, input.zone),
    replacementExists: input.newerLiveSecret,
  };
}
