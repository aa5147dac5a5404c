// The due index (docs/architecture.md#the-due-index): the instant an application next has something for a timed
// job to do, stored as the client attribute `credman.due` in the same PUT as its records, so the reminder run
// and the sweeper can ask Keycloak only for the applications due by now. Pure.
//
// What the timed jobs act on, and so what counts (the earliest of them):
//  - a reminder (due.ts nextNoticeAt): the milestone a run sends next — 6 and 3 weeks before the
//    expiry date, then daily from 1 week before, then "expired" (within its week);
//  - an expiry to record (sweeper → rotation.ts planSweep): a live secret, from the first second Keycloak
//    refuses it;
//  - a retired-secret digest to drop (credman.retired, store/records/retired-secrets.ts): the second after its `until`; the
//    sweeper prunes it (CredentialService.sweep);
//  - an undelivered mark to look at (undelivered.ts): a live secret credman created, once its mark could be
//    stale (creation + the mark window), while that instant is still ahead at the write.
// Not timed, so not indexed: changes made outside credman (lost or adopted secrets) and records written by an
// older credman: a reindexing sweep (CredentialService.sweep with `reindex`) finds those; retired secrets
// presented again arrive as events (security-notices/retired-secret-watch.ts); the weekly digest reads every
// application in its own run (reminders/runner.ts).
import { toMillis } from '@credman/domain';
import { OUTSIDE_CREDMAN } from '../credentials/rotation.ts';
import type { NextDueRule } from '../store/due-attribute.ts';
import { nextNoticeAt } from './due.ts';

/**
 * The earliest instant (epoch milliseconds) at which a timed job acts on these records, judged at `now` (the
 * write's time; an instant at or before it means "due already"); undefined when nothing is ever due. Given to
 * the credential service, which hands it to the store's writes.
 */
export const nextDueAt: NextDueRule = (records, options) => {
  const { document, ledger, retired } = records;
  const { zone, now } = options;
  const window = options.undeliveredWindowMs;
  const instants: number[] = [];
  for (const secret of document.secrets) {
    const notice = nextNoticeAt(secret, ledger, zone, now);
    if (notice !== undefined) instants.push(notice);
    if (secret.state !== 'live') continue;
    instants.push(toMillis(secret.expiresAt + 1));
    const markStale = toMillis(secret.createdAt) + window;
    if (secret.createdBy.id !== OUTSIDE_CREDMAN.id && markStale > now) instants.push(markStale);
  }
  for (const entry of retired) instants.push(toMillis(entry.until + 1));
  return instants.length === 0 ? undefined : Math.min(...instants);
};
