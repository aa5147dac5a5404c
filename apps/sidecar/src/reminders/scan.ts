// The reminder run's view of the application scan (docs/architecture.md#reminder-flow): each application's due
// notices computed from the records the scan already decoded, so only applications with something due cost
// more calls. A damaged application gets no reminders (the scan logged it) and counts as failed.
import type { ApiCatalogue } from '@credman/domain';
import type { KeycloakPort } from '../keycloak/port.ts';
import type { Logger } from '../logging.ts';
import type { ApplicationRef, StoredApplication } from '../store/application.ts';
import { scanApplications } from '../store/application-scan.ts';
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
  keycloak: Pick<KeycloakPort, 'searchClients'>;
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
  const { keycloak, catalogue, logger, zone, at, collect, counts } = options;
  for await (const page of scanApplications({ keycloak, catalogue, logger })) {
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
