// The application list (docs/architecture.md#listing-applications-at-scale): an operator's page is one Keycloak
// call for max + 1 clients, never a listing of all; a manager's list reads only the applications their token
// names, one by one, and is paged here.
import type { ApplicationStore } from '../store/application-store.ts';
import type { ScannedApplication } from '../store/application-scan.ts';
import { applicationSummary, damagedApplicationSummary } from './views.ts';
import type { ApplicationSummary, ViewClock } from './views.ts';

export interface ApplicationListQuery {
  /** Part of the clientId; for operators Keycloak's default narrowing to convention names when absent. */
  search?: string | undefined;
  /** The applications a manager's token names; absent for operators, who may see all. */
  clientIds?: readonly string[];
  first: number;
  max: number;
}

export interface ApplicationListPage {
  applications: ApplicationSummary[];
  /** Whether another page follows; there is no total, which would cost a listing of every client. */
  hasMore: boolean;
}

function summaryOf(scanned: ScannedApplication, clock: ViewClock): ApplicationSummary {
  return scanned.kind === 'readable'
    ? applicationSummary(scanned.name, scanned.application, clock)
    : damagedApplicationSummary(scanned.name, scanned.application, scanned.error.attribute);
}

/**
 * A page of the applications a caller may see, in clientId order, each summarised; a damaged one is listed,
 * marked `damaged`. A manager's applications are kept when their clientId contains `search`, ignoring case.
 */
export async function listApplications(
  store: Pick<ApplicationStore, 'page' | 'scanOne'>,
  clock: ViewClock,
  query: ApplicationListQuery,
): Promise<ApplicationListPage> {
  const { first, max } = query;
  if (query.clientIds === undefined) {
    const page = await store.page(query.search, { first, max });
    return {
      applications: page.applications.map((scanned) => summaryOf(scanned, clock)),
      hasMore: page.hasMore,
    };
  }
  const search = query.search?.trim().toLowerCase() ?? '';
  const wanted = [...query.clientIds]
    .filter((clientId) => clientId.toLowerCase().includes(search))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const read = await Promise.all(wanted.map((clientId) => store.scanOne(clientId)));
  const all = read.filter((scanned) => scanned !== undefined).map((scanned) => summaryOf(scanned, clock));
  return { applications: all.slice(first, first + max), hasMore: all.length > first + max };
}
