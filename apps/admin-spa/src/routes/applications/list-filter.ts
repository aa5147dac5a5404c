// The operator's list filters (GET /api/applications?filter=): what each is called and what its empty list says.
// Pure and type-only against the contract, so the start page's download gains no schema code.
import type { ApplicationFilter } from '@credman/api-contract';

export const FILTER_LABELS: Record<ApplicationFilter, string> = {
  'no-live-secret': 'No live secret',
  'expiring-without-successor': 'Expiring without a successor',
  expired: 'Expired',
  'fewer-than-two-managers': 'Fewer than two managers',
  sandbox: 'Sandbox only',
};

export const FILTERS = Object.keys(FILTER_LABELS) as ApplicationFilter[];

/** The empty list of a filter, in words. */
export const FILTER_EMPTY: Record<ApplicationFilter, string> = {
  'no-live-secret': 'Every application had a live secret at the last realm scan.',
  'expiring-without-successor':
    'No application had a live secret ending within 30 days without a successor at the last realm scan.',
  expired: 'No application was left with only expired secrets at the last realm scan.',
  'fewer-than-two-managers': 'Every application had at least two credential managers at the last realm scan.',
  sandbox: 'There was no sandbox-only application at the last realm scan.',
};

/** The filter a URL names, or none for a missing or unknown one (an old link shows the whole list). */
export function parseFilter(value: string | null): ApplicationFilter | undefined {
  return FILTERS.find((filter) => filter === value);
}
