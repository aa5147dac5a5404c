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
  applicationList: (search: string) => ['application-list', search] as const,
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

export const applicationsQuery = (search: string) =>
  queryOptions({
    queryKey: queryKeys.applicationList(search),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ max: '100' });
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
