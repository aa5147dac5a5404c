// Advice next to the expiry date: when credman reminds (the domain's reminder schedule) and, for a lifetime
// under SHORT_LIFETIME_DAYS, why short lifetimes cause outages. Advice only: the form still accepts the date.
import { Alert } from '@patternfly/react-core';
import {
  DAILY_REMINDERS_FROM_DAYS_BEFORE,
  FIRST_REMINDER_DAYS_BEFORE,
  SECOND_REMINDER_DAYS_BEFORE,
} from '@credman/domain';
import { SHORT_LIFETIME_DAYS, lifetimeDays } from './secret-form.ts';

const weeks = (days: number): string => String(days / 7);

export const REMINDER_SCHEDULE_TEXT =
  `Before it expires, the credential managers get a reminder mail ${weeks(FIRST_REMINDER_DAYS_BEFORE)} weeks ` +
  `and ${weeks(SECOND_REMINDER_DAYS_BEFORE)} weeks ahead, then one every day from ` +
  `${weeks(DAILY_REMINDERS_FROM_DAYS_BEFORE)} week before.`;

export function ShortLifetimeAdvice({ expiresOn, now }: { expiresOn: string; now: number }) {
  const days = lifetimeDays(expiresOn, now);
  if (days === undefined || days < 0 || days >= SHORT_LIFETIME_DAYS) return null;
  return (
    <Alert
      variant="warning"
      isInline
      isPlain
      component="h3"
      title={`This secret lasts only ${String(days)} ${days === 1 ? 'day' : 'days'}`}
      data-testid="short-lifetime-advice"
    >
      A short lifetime means doing the whole rotation again soon: a new secret, every system updated, the old
      one deleted. When a secret lapses before someone notices, every system still using it fails at once.
      Choose a later date unless this secret is meant to be short-lived.
    </Alert>
  );
}
