// After a change of managers: the answer is the new manager list; the rest of the application (audit trail) and
// the caller's own rights (an operator may have added or removed themselves) are refetched.
import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../api/queries.ts';
import type { ManagerList } from '@credman/api-contract';

export function updateAfterChange(
  queryClient: QueryClient,
  clientId: string,
  result: ManagerList,
): Promise<void> {
  queryClient.setQueryData(queryKeys.managers(clientId), result);
  return Promise.all([
    queryClient.invalidateQueries({
      queryKey: queryKeys.application(clientId),
      predicate: (query) => query.queryKey[2] !== 'managers',
    }),
    queryClient.invalidateQueries({ queryKey: queryKeys.me }),
  ]).then(() => undefined);
}
