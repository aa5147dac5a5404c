// Which clients GET /clients returns for its filters (ClientsResource.getClients): `q` attribute search first,
// then `clientId` (exact, or a case-insensitive substring with search=true), else all; ordered by clientId.
import type { RealmState } from '../model/realm.ts';
import type { ClientModel } from '../model/types.ts';
import { AdminHttpError } from './errors.ts';
import { parseSearchQuery } from './query.ts';

export interface ClientFilter {
  clientId?: string | undefined;
  search: boolean;
  q?: string | undefined;
}

function byClientId(a: ClientModel, b: ClientModel): number {
  return a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0;
}

/** True when the result is the single exact-clientId lookup, which Keycloak does not page. */
export function isExactLookup(filter: ClientFilter): boolean {
  return (
    filter.q === undefined && filter.clientId !== undefined && filter.clientId.trim() !== '' && !filter.search
  );
}

export function filterClients(realm: RealmState, filter: ClientFilter): ClientModel[] {
  const all = [...realm.clients.values()].sort(byClientId);
  if (filter.q !== undefined) {
    const fields = parseSearchQuery(filter.q);
    const notSearchable = [...fields.keys()].filter((key) => !realm.searchableClientAttributes.has(key));
    // Newer JpaClientProvider refuses non-searchable keys (ModelException → 400); exact body unverified.
    if (notSearchable.length > 0)
      throw new AdminHttpError(400, {
        error: 'invalid_request',
        error_description: `Attributes [${notSearchable.join(', ')}] not allowed for search`,
      });
    return all.filter((client) => [...fields].every(([key, value]) => client.attributes.get(key) === value));
  }
  const clientId = filter.clientId?.trim() ?? '';
  if (clientId === '') return all;
  if (filter.search) {
    const wanted = clientId.toLowerCase();
    return all.filter((client) => client.clientId.toLowerCase().includes(wanted));
  }
  return all.filter((client) => client.clientId === filter.clientId);
}
