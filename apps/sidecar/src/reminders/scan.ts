// The reminder run's view of the application scan (docs/architecture.md#reminder-flow): each application's due
// notices computed from the records the scan already decoded, so only applications with something due cost
// more calls. The scan reads only the due applications when the due index is there, every one otherwise. A damaged application gets no reminders (the scan logged it) and counts as failed.
import type { ApiCatalogue } from '@credman/domain';
import type { KeycloakPort } from '../keycloak/port.ts';
import type { Logger } from '../logging.ts';
import type { ApplicationRef, StoredApplication } from '../store/application.ts';
import { jobApplications, jobScanSource } from '../store/application-scan.ts';
import { dueNotices } from './due.ts';
import type { DueNotice } from './due.ts';

export interface ApplicationWithDue {
  application: StoredApplication;
  due: DueNotice[];
}

/** What the scan counts into a run's report. */
export interface ScanCounts {
  applications: number;
  failed: number;
}

export interface DueScanOptions {
  keycloak: Pick<KeycloakPort, 'searchClients' | 'dueClients'>;
  /** Whether the due index can be asked (store/application-scan.ts jobApplications). */
  dueIndex?: (() => Promise<boolean>) | undefined;
  /** Read every application even with the due index (a week the digest is owed). */
  full?: boolean | undefined;
  catalogue: ApiCatalogue;
  logger: Logger;
  zone: string;
  /** Epoch milliseconds the due notices are computed for. */
  at: number;
  /** Receives every convention-named application (the digest's candidates), when given. */
  collect?: ApplicationRef[] | undefined;
  counts?: ScanCounts | undefined;
}

/** The pages of the scan, reduced to the applications with something due. */
export async function* scanDueApplications(options: DueScanOptions): AsyncGenerator<ApplicationWithDue[]> {
  const { keycloak, dueIndex, full, catalogue, logger, zone, at, collect, counts } = options;
  const source = await jobScanSource({ dueIndex, full });
  for await (const page of jobApplications({ keycloak, source, catalogue, logger, dueBy: at })) {
    const withDue: ApplicationWithDue[] = [];
    for (const scanned of page) {
      if (counts) counts.applications++;
      collect?.push({ id: scanned.application.id, clientId: scanned.application.clientId });
      if (scanned.kind === 'damaged') {
        if (counts) counts.failed++;
        continue;
      }
      const { application } = scanned;
      const due = dueNotices({ document: application.secrets, ledger: application.ledger, now: at, zone });
      if (due.length > 0) withDue.push({ application, due });
    }
    yield withDue;
  }
}
