// Query keys and `queryOptions` factories per resource, shared by pages, prefetching and invalidation.
// Everything about one application sits under ['applications', clientId] so one invalidation refreshes it all.
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import type { ApplicationDetail, ApplicationList, AuditTrail, ManagerList, Me } from './types.ts';

export const applicationPath = (clientId: string): string =>
  `/api/applications/${encodeURIComponent(clientId)}`;

export const queryKeys = {
  me: ['me'] as const,
  applicationLists: ['application-list'] as const,
  applicationList: (search: string, first: number) => ['application-list', search, first] as const,
  application: (clientId: string) => ['applications', clientId] as const,
  audit: (clientId: string) => ['applications', clientId, 'audit'] as const,
  managers: (clientId: string) => ['applications', clientId, 'managers'] as const,
};

export const meQuery = () =>
  queryOptions({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => apiFetch<Me>('/api/me', { signal }),
    staleTime: 5 * 60_000,
  });

/** Applications per page of the list (the API's largest page). */
export const APPLICATIONS_PER_PAGE = 100;

export const applicationsQuery = (search: string, first = 0) =>
  queryOptions({
    queryKey: queryKeys.applicationList(search, first),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ max: String(APPLICATIONS_PER_PAGE) });
      if (first > 0) params.set('first', String(first));
      if (search !== '') params.set('search', search);
      return apiFetch<ApplicationList>(`/api/applications?${params.toString()}`, { signal });
    },
  });

export const applicationQuery = (clientId: string) =>
  queryOptions({
    queryKey: queryKeys.application(clientId),
    queryFn: ({ signal }) => apiFetch<ApplicationDetail>(applicationPath(clientId), { signal }),
  });

export const auditQuery = (clientId: string) =>
  queryOptions({
    queryKey: queryKeys.audit(clientId),
    queryFn: ({ signal }) => apiFetch<AuditTrail>(`${applicationPath(clientId)}/audit`, { signal }),
  });

export const managersQuery = (clientId: string) =>
  queryOptions({
    queryKey: queryKeys.managers(clientId),
    queryFn: ({ signal }) => apiFetch<ManagerList>(`${applicationPath(clientId)}/managers`, { signal }),
  });
