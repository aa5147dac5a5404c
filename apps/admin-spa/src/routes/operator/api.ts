// The operator endpoints of the sidecar API (apps/sidecar/src/http/openapi.ts): creating applications, finding
// users and changing an application's credential managers. Reading the managers is shared (api/queries.ts).
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../../api/client.ts';
import { applicationPath } from '../../api/queries.ts';
import type {
  CreateApplicationRequest,
  CreatedApplication,
  ManagerList,
  UpdateApplicationRequest,
  UpdatedApplication,
  UserPage,
} from '@credman/api-contract';

export const USER_SEARCH_PAGE_SIZE = 20;

export const userSearchQuery = (search: string) =>
  queryOptions({
    queryKey: ['users', search] as const,
    queryFn: ({ signal }) =>
      apiFetch<UserPage>(
        `/api/users?${new URLSearchParams({ search, max: String(USER_SEARCH_PAGE_SIZE) }).toString()}`,
        { signal },
      ),
  });

const managerPath = (clientId: string, userId: string): string =>
  `${applicationPath(clientId)}/managers/${encodeURIComponent(userId)}`;

export function addManager(clientId: string, userId: string): Promise<ManagerList> {
  return apiFetch<ManagerList>(managerPath(clientId, userId), { method: 'PUT' });
}

export function removeManager(clientId: string, userId: string): Promise<ManagerList> {
  return apiFetch<ManagerList>(managerPath(clientId, userId), { method: 'DELETE' });
}

export function createApplication(request: CreateApplicationRequest): Promise<CreatedApplication> {
  return apiFetch<CreatedApplication>('/api/applications', { method: 'POST', body: request });
}

export function updateApplication(clientId: string, request: UpdateApplicationRequest) {
  return apiFetch<UpdatedApplication>(applicationPath(clientId), { method: 'PATCH', body: request });
}
