// Secret mutations. The created secret's value is returned to the caller only: it is never written into the
// query cache (the application is refetched instead) and the mutation is garbage-collected at once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import { isSecretGone } from './problem-message.ts';
import { applicationPath, queryKeys } from './queries.ts';
import type { CreateSecretRequest, CreatedSecret, Secret, UpdateSecretRequest } from '@credman/api-contract';

function invalidateApplication(queryClient: QueryClient, clientId: string): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.application(clientId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.applicationLists }),
  ]).then(() => undefined);
}

export function useCreateSecret(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CreateSecretRequest) =>
      apiFetch<CreatedSecret>(`${applicationPath(clientId)}/secrets`, { method: 'POST', body: request }),
    gcTime: 0,
    onSettled: () => invalidateApplication(queryClient, clientId),
  });
}

/** Which secret to delete, and the `force` query parameter. */
export interface DeleteSecretVariables {
  secretId: string;
  /** Delete even when the secret was used in the last 24 hours. */
  force: boolean;
}

export function useDeleteSecret(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ secretId, force }: DeleteSecretVariables) =>
      apiFetch<undefined>(
        `${applicationPath(clientId)}/secrets/${encodeURIComponent(secretId)}?force=${String(force)}`,
        { method: 'DELETE' },
      ),
    onSuccess: () => invalidateApplication(queryClient, clientId),
    // Deleted meanwhile by someone else: the page shows it still, so refresh it.
    onError: (error) => (isSecretGone(error) ? invalidateApplication(queryClient, clientId) : undefined),
  });
}

/** Which secret, and the body: the edit form always sends both fields ('' notes removes them). */
export type UpdateSecretVariables = { secretId: string } & Required<UpdateSecretRequest>;

export function useUpdateSecret(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ secretId, name, notes }: UpdateSecretVariables) =>
      apiFetch<Secret>(`${applicationPath(clientId)}/secrets/${encodeURIComponent(secretId)}`, {
        method: 'PATCH',
        body: { name, notes },
      }),
    onSuccess: () => invalidateApplication(queryClient, clientId),
    onError: (error) => (isSecretGone(error) ? invalidateApplication(queryClient, clientId) : undefined),
  });
}

/** The manager confirms that the application's systems use this secret (the rotation guide's confirm step). */
export function useConfirmSecretUse(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (secretId: string) =>
      apiFetch<Secret>(
        `${applicationPath(clientId)}/secrets/${encodeURIComponent(secretId)}/use-confirmation`,
        { method: 'POST' },
      ),
    onSuccess: () => invalidateApplication(queryClient, clientId),
  });
}
