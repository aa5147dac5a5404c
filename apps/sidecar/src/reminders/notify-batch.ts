// Notifying a page of applications at once (docs/architecture.md#exactly-once), with the extension's
// `records-batch`: ONE Keycloak call claims them all and returns their fresh records and manager holders, then for
// each claimed one (8 at a time, as the per-application path) the recipients by the same rules
// (applications/managers.ts mergeManagers, mail/recipients.ts recipientsOf), the due notices again on the fresh
// read and one mail per notice (notify.ts sendDue), and ONE call writes the ledgers of the accepted mails. Two
// calls per page instead of six per application. What the report counts means what it means on the
// per-application path (notify.ts), which stays for stock Keycloak and as the fallback.
import { mergeManagers } from '../applications/managers.ts';
import type { CredentialService } from '../credentials/credential-service.ts';
import { KeycloakRejectedError } from '../keycloak/errors.ts';
import { recipientsOf } from '../mail/recipients.ts';
import type { StoredApplication } from '../store/application.ts';
import type { ClaimedRecords, RecordsBatchOutcome } from '../store/application-store.ts';
import type { ReminderLedger } from '../store/records/ledger.ts';
import { sendDue } from './notify.ts';
import type { NotifyCounts, NotifyDeps } from './notify.ts';
import { pool } from './work-pool.ts';

export interface BatchNotifyDeps extends Omit<NotifyDeps, 'credentials' | 'keycloak'> {
  credentials: Pick<CredentialService, 'withRecordsBatch'>;
  /** Applications whose mails are sent at once. */
  concurrency: number;
}

/**
 * Sends the due notices of `applications` under one batch claim and records the accepted ones in one write;
 * never throws. 'fallback': the extension refused the batch before anything was claimed or sent (it is gone):
 * notify these applications one by one (notify.ts).
 */
export async function notifyBatch(
  deps: BatchNotifyDeps,
  applications: readonly StoredApplication[],
  at: number,
  counts: NotifyCounts,
): Promise<'done' | 'fallback'> {
  const { logger } = deps;
  const clientIds = new Map(applications.map((application) => [application.id, application.clientId]));
  // Each application counts as failed once, however many of its steps failed.
  const failed = new Set<string>();
  const fail = (id: string, error: unknown, message: string) => {
    if (!failed.has(id)) counts.failed++;
    failed.add(id);
    logger.warn({ err: error, clientId: clientIds.get(id) }, message);
  };
  // An object, not a `let`: the type checker does not see the closure set it.
  const work = { started: false };
  let outcomes: RecordsBatchOutcome[];
  try {
    outcomes = await deps.credentials.withRecordsBatch(applications, async (claimed) => {
      work.started = true;
      const ledgers = new Map<string, ReminderLedger>();
      await pool(claimed, deps.concurrency, async (one) => {
        const sent = await mailClaimed(deps, one, at, counts);
        if (sent.ledger) ledgers.set(one.application.id, sent.ledger);
        if ('error' in sent)
          fail(one.application.id, sent.error, 'reminder not accepted by the SMTP server; retried next run');
      });
      return ledgers;
    });
  } catch (error) {
    if (!work.started && error instanceof KeycloakRejectedError) {
      logger.warn({ err: error }, 'batch claim refused: notifying these applications one by one');
      return 'fallback';
    }
    for (const application of applications) fail(application.id, error, 'reminders of an application failed');
    return 'done';
  }
  for (const outcome of outcomes) {
    if (outcome.outcome === 'busy') counts.busy++;
    else if (outcome.outcome === 'failed')
      fail(
        outcome.id,
        outcome.error,
        outcome.reason === 'not-claimed' || outcome.reason === 'write-failed'
          ? // The mails went out: the next run after the claim's lease sends them once more (docs/architecture.md#exactly-once).
            'reminders sent but their ledger not recorded; sent once more at a later run'
          : `reminders of an application failed (${outcome.reason})`,
      );
  }
  return 'done';
}

/**
 * One claimed application's mails: its recipients from the claim's manager holders, then its due notices on the
 * fresh read; the ledger with the accepted ones (undefined: none), and the error that stopped the mails.
 */
async function mailClaimed(
  deps: BatchNotifyDeps,
  { application: fresh, managers }: ClaimedRecords,
  at: number,
  counts: NotifyCounts,
): Promise<{ ledger?: ReminderLedger | undefined; error?: unknown }> {
  const recipients = recipientsOf(mergeManagers(managers), deps.settings.operatorEmail);
  if (recipients.to.length === 0) {
    counts.unaddressed++;
    deps.logger.warn(
      { clientId: fresh.clientId },
      'notices due but no manager with a verified email and no operator address',
    );
    return {}; // nothing accepted: the store releases its claim
  }
  const failure: { error?: unknown } = {};
  try {
    return { ledger: await sendDue(deps, fresh, { at, recipients, counts, failure }), ...failure };
  } catch (error) {
    return { error };
  }
}
