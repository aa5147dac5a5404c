// The paged scan of credman's applications (docs/architecture.md#listing-applications-at-scale): clients whose
// clientId contains the search ("Partner", which every convention name contains), the next page requested
// before this one is handed out, so Keycloak prepares it while the caller works on this one. Used by the
// sweeper and the reminder runner; the operator's list asks Keycloak for one page only (applicationPage).
// jobApplications is the one place that decides whether a timed job reads every application or only the due
// ones (docs/architecture.md#the-due-index).
import { parseApplicationName } from '@credman/domain';
import type { ApiCatalogue, ParsedApplicationName } from '@credman/domain';
import type { KeycloakClient, KeycloakPort } from '../keycloak/port.ts';
import type { Logger } from '../logging.ts';
import { decodeApplication } from './application.ts';
import type { StoredApplication } from './application.ts';
import { DamagedApplicationError } from './errors.ts';

/**
 * Page size of the scan. Keycloak 26.7.3 builds a whole representation per client, several ms each for the
 * sidecar (docs/architecture.md#listing-applications-at-scale): a page of 100 stays far inside the adapter's call
 * timeout, where 1,000 did not.
 */
export const APPLICATION_SCAN_PAGE = 100;
/** Every convention name contains it, so the search narrows Keycloak's listing to applications. */
export const APPLICATION_NAME_SEARCH = 'Partner';

/** A convention-named client of the scan: decoded, or damaged (docs/architecture.md#damaged-metadata). */
export type ScannedApplication =
  | { kind: 'readable'; name: ParsedApplicationName; application: StoredApplication }
  | {
      kind: 'damaged';
      name: ParsedApplicationName;
      application: { id: string; clientId: string; description: string | undefined };
      error: DamagedApplicationError;
    };

export interface ApplicationScanOptions {
  keycloak: Pick<KeycloakPort, 'searchClients'>;
  catalogue: ApiCatalogue;
  /** Told of each damaged application (one warn line: logDamagedApplication). */
  logger?: Logger | undefined;
  search?: string | undefined;
}

/** The one log line of a damaged application: names it and the attribute, never the content. */
export function logDamagedApplication(logger: Logger | undefined, error: DamagedApplicationError): void {
  logger?.warn(
    { clientId: error.clientId, attribute: error.attribute },
    'application metadata is damaged; skipped until an operator repairs it in Keycloak',
  );
}

/** One convention-named client decoded, or marked damaged (and logged). */
export function scanned(
  client: KeycloakClient,
  name: ParsedApplicationName,
  logger?: Logger,
): ScannedApplication {
  try {
    return { kind: 'readable', name, application: decodeApplication(client) };
  } catch (error) {
    if (!(error instanceof DamagedApplicationError)) throw error;
    logDamagedApplication(logger, error);
    const { id, clientId, description } = client;
    return { kind: 'damaged', name, application: { id, clientId, description }, error };
  }
}

function searchOf(options: ApplicationScanOptions): string {
  return options.search?.trim() ? options.search.trim() : APPLICATION_NAME_SEARCH;
}

/** The convention-named clients of one list page, decoded or marked damaged. */
function applicationsOf(
  page: readonly KeycloakClient[],
  options: ApplicationScanOptions,
): ScannedApplication[] {
  const applications: ScannedApplication[] = [];
  for (const client of page) {
    const name = parseApplicationName(client.clientId, options.catalogue);
    if (name.ok) applications.push(scanned(client, name.value, options.logger));
  }
  return applications;
}

/**
 * One page of the clients matching the search, asked of Keycloak as one call of max + 1 clients: the extra one
 * only tells whether more follow, so no call counts or reads the rest. `first` counts Keycloak's matching
 * clients, of which the few that are not convention-named are left out of the page.
 */
export async function applicationPage(
  options: ApplicationScanOptions,
  page: { first: number; max: number },
): Promise<{ applications: ScannedApplication[]; hasMore: boolean }> {
  const search = searchOf(options);
  const clients = await options.keycloak.searchClients({ search, first: page.first, max: page.max + 1 });
  return {
    applications: applicationsOf(clients.slice(0, page.max), options),
    hasMore: clients.length > page.max,
  };
}

/** The pages of the scan, reduced to convention-named clients, in clientId order. */
export async function* scanApplications(
  options: ApplicationScanOptions,
): AsyncGenerator<ScannedApplication[]> {
  const search = searchOf(options);
  const read = (first: number) => {
    const request = options.keycloak.searchClients({ search, first, max: APPLICATION_SCAN_PAGE });
    // Awaited below; this only keeps a failure of a page nobody waits for any more (the consumer stopped)
    // from becoming an unhandled rejection.
    request.catch(() => undefined);
    return request;
  };
  let next = read(0);
  for (let first = 0; ; first += APPLICATION_SCAN_PAGE) {
    const page = await next;
    if (page.length === APPLICATION_SCAN_PAGE) next = read(first + APPLICATION_SCAN_PAGE);
    yield applicationsOf(page, options);
    if (page.length < APPLICATION_SCAN_PAGE) return;
  }
}

/** Where a timed job's applications come from: only the due ones (the due index), or every one. */
export type JobScanSource = 'due' | 'all';

/**
 * The one decision of which applications a timed job reads: the due ones when Keycloak answers the due index
 * (the extension's `due-index` feature), unless the job needs every one (`full`: the week's operator digest).
 */
export async function jobScanSource(options: {
  dueIndex?: (() => Promise<boolean>) | undefined;
  full?: boolean | undefined;
}): Promise<JobScanSource> {
  return options.full !== true && (await options.dueIndex?.()) === true ? 'due' : 'all';
}

export interface JobScanOptions extends Omit<ApplicationScanOptions, 'keycloak' | 'search'> {
  keycloak: Pick<KeycloakPort, 'searchClients' | 'dueClients'>;
  /** jobScanSource's answer. */
  source: JobScanSource;
  /** Epoch milliseconds: from the index, the applications whose credman.due is at or before it. */
  dueBy: number;
}

/**
 * The applications a timed job looks at: from the index those due by `dueBy`, otherwise every application
 * (scanApplications). The due pages are all read before the first is handed out: acting on an application
 * rewrites its credman.due, which would shift the offsets of later pages.
 */
export async function* jobApplications(options: JobScanOptions): AsyncGenerator<ScannedApplication[]> {
  if (options.source === 'all') {
    yield* scanApplications(options);
    return;
  }
  const pages: KeycloakClient[][] = [];
  let after: string | undefined;
  for (let first = 0; ; first += APPLICATION_SCAN_PAGE) {
    const page = await options.keycloak.dueClients({
      dueBy: options.dueBy,
      first,
      max: APPLICATION_SCAN_PAGE,
      after,
    });
    pages.push(page);
    if (page.length < APPLICATION_SCAN_PAGE) break;
    after = page.at(-1)?.clientId;
  }
  for (const page of pages) yield applicationsOf(page, options);
}
