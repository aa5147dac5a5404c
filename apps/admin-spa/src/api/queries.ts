// Query keys and `queryOptions` factories per resource, shared by pages, prefetching and invalidation.
// Everything about one application sits under ['applications', clientId] so one invalidation refreshes it all.
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import { APPLICATION_PAGE_MAX } from '@credman/domain';
import type { ApplicationFilter } from '@credman/api-contract';
import type { ApplicationDetail, ApplicationList, AuditTrail, ManagerList, Me } from '@credman/api-contract';

export const applicationPath = (clientId: string): string =>
  `/api/applications/${encodeURIComponent(clientId)}`;

export const queryKeys = {
  me: ['me'] as const,
  applicationLists: ['application-list'] as const,
  applicationList: (search: string, first: number, filter?: ApplicationFilter) =>
    ['application-list', search, first, filter ?? 'all'] as const,
  application: (clientId: string) => ['applications', clientId] as const,
  audit: (clientId: string) => ['applications', clientId, 'audit'] as const,
  managers: (clientId: string) => ['applications', clientId, 'managers'] as const,
};

/**
 * Other managers change applications too: what a page shows is refetched this often while the tab is visible
 * (and, as react-query does by default, whenever the window regains focus), so their changes show within 30 s
 * without a reload.
 */
export const LIVE_REFETCH_MS = 30_000;

export const meQuery = () =>
  queryOptions({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => apiFetch<Me>('/api/me', { signal }),
    staleTime: 5 * 60_000,
  });

/** Applications per page of the list (the API's largest page). */
export const APPLICATIONS_PER_PAGE = APPLICATION_PAGE_MAX;

/** `filter` (operators): the applications the last realm scan found in that state. */
export const applicationsQuery = (search: string, first = 0, filter?: ApplicationFilter) =>
  queryOptions({
    queryKey: queryKeys.applicationList(search, first, filter),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ max: String(APPLICATIONS_PER_PAGE) });
      if (first > 0) params.set('first', String(first));
      if (search !== '') params.set('search', search);
      if (filter !== undefined) params.set('filter', filter);
      return apiFetch<ApplicationList>(`/api/applications?${params.toString()}`, { signal });
    },
    refetchInterval: LIVE_REFETCH_MS,
  });

export const applicationQuery = (clientId: string) =>
  queryOptions({
    queryKey: queryKeys.application(clientId),
    queryFn: ({ signal }) => apiFetch<ApplicationDetail>(applicationPath(clientId), { signal }),
    refetchInterval: LIVE_REFETCH_MS,
  });

export const auditQuery = (clientId: string) =>
  queryOptions({
    queryKey: queryKeys.audit(clientId),
    queryFn: ({ signal }) => apiFetch<AuditTrail>(`${applicationPath(clientId)}/audit`, { signal }),
    refetchInterval: LIVE_REFETCH_MS,
  });

export const managersQuery = (clientId: string) =>
  queryOptions({
    queryKey: queryKeys.managers(clientId),
    queryFn: ({ signal }) => apiFetch<ManagerList>(`${applicationPath(clientId)}/managers`, { signal }),
    refetchInterval: LIVE_REFETCH_MS,
  });
