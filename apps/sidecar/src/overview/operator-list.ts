// The operator's application list with the last realm scan's columns (docs/architecture.md#the-operators-list-columns):
// without a filter, the one Keycloak page of credentials/application-list.ts with each row's condition joined
// by clientId; with a filter, the page is cut from the scan's conditions and only its rows are read, one by one,
// so no request lists every client. What the scan has not seen (none yet, or an application newer than it) has
// no condition.
import type { ApplicationCondition as ConditionView, ApplicationFilter } from '@credman/api-contract';
import type { ApplicationListPage, ApplicationListQuery } from '../credentials/application-list.ts';
import type { ApplicationSummary } from '../credentials/views.ts';
import type { ApplicationCondition, RealmSummary } from './summary.ts';

export interface OperatorListQuery {
  search?: string | undefined;
  filter?: ApplicationFilter | undefined;
  first: number;
  max: number;
}

export interface OperatorListDeps {
  /** The last completed realm scan; undefined before the first. */
  latest: () => RealmSummary | undefined;
  /** The credential service's list (an operator's page, or the named applications read one by one). */
  list: (query: ApplicationListQuery) => Promise<ApplicationListPage>;
}

export interface OperatorListPage extends ApplicationListPage {
  /** The scan the conditions come from; undefined before the first. */
  scan: RealmSummary | undefined;
}

const isoOrNull = (millis: number | null) => (millis === null ? null : new Date(millis).toISOString());

/** A condition as the contract shows it (times as ISO 8601). */
export function conditionView(condition: ApplicationCondition): ConditionView {
  return {
    managers: condition.managers,
    liveSecrets: condition.liveSecrets,
    expiringAt: isoOrNull(condition.expiringAt),
    expiredAt: isoOrNull(condition.expiredAt),
    reasons: [...condition.reasons],
  };
}

/** Whether the scan found the application in the filter's state. */
export function matchesFilter(condition: ApplicationCondition, filter: ApplicationFilter): boolean {
  return filter === 'sandbox' ? condition.sandboxOnly : condition.reasons.includes(filter);
}

/** The scan's applications in the filter's state whose clientId contains `search` (ignoring case), by clientId. */
export function filteredConditions(
  summary: RealmSummary,
  filter: ApplicationFilter,
  search: string | undefined,
): ApplicationCondition[] {
  const part = search?.trim().toLowerCase() ?? '';
  return summary.applications.filter(
    (condition) => matchesFilter(condition, filter) && condition.clientId.toLowerCase().includes(part),
  );
}

function joined(
  applications: readonly ApplicationSummary[],
  summary: RealmSummary | undefined,
): ApplicationSummary[] {
  const byClientId = new Map(summary?.applications.map((condition) => [condition.clientId, condition]));
  return applications.map((application) => {
    const condition = byClientId.get(application.clientId);
    return condition === undefined ? application : { ...application, condition: conditionView(condition) };
  });
}

export async function operatorList(
  deps: OperatorListDeps,
  query: OperatorListQuery,
): Promise<OperatorListPage> {
  const scan = deps.latest();
  const { search, first, max } = query;
  if (query.filter === undefined) {
    const page = await deps.list({ search, first, max });
    return { applications: joined(page.applications, scan), hasMore: page.hasMore, scan };
  }
  if (scan === undefined) return { applications: [], hasMore: false, scan };
  const matching = filteredConditions(scan, query.filter, search);
  const wanted = matching.slice(first, first + max).map((condition) => condition.clientId);
  // Read now, so a row shows its secrets as they are; one deleted since the scan drops out of the page.
  const read =
    wanted.length === 0 ? [] : (await deps.list({ clientIds: wanted, first: 0, max })).applications;
  const order = new Map(wanted.map((clientId, index) => [clientId, index]));
  const inScanOrder = [...read].sort((a, b) => (order.get(a.clientId) ?? 0) - (order.get(b.clientId) ?? 0));
  return { applications: joined(inScanOrder, scan), hasMore: matching.length > first + max, scan };
}
