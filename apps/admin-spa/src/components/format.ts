// Dates as people read them, in the browser's locale and time zone.
import { daysLeft } from '@credman/domain';

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/** "today", "in 1 day", "in 12 days", or "1 day ago" once past; counted in calendar days (UTC, as the server). */
export function relativeDays(expiresAt: string, now: number = Date.now()): string {
  const days = daysLeft(Date.parse(expiresAt), now);
  if (days === 0) return 'today';
  if (days > 0) return days === 1 ? 'in 1 day' : `in ${days} days`;
  return days === -1 ? '1 day ago' : `${-days} days ago`;
}
