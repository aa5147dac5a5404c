// The overview's filters and its CSV, pure so that they are tested without a browser.
import type { OverviewApplication } from '@credman/api-contract';

export type Reason = OverviewApplication['reasons'][number];

export const REASON_LABELS: Record<Reason, string> = {
  'expiring-without-successor': 'Expiring without a successor',
  expired: 'Expired',
  'no-live-secret': 'No live secret',
  'fewer-than-two-managers': 'Fewer than two managers',
  'retired-secret-presented': 'Ended secret still presented',
  damaged: 'Damaged records',
};

export type ReasonFilter = Reason | 'any';
export type SandboxFilter = 'all' | 'production' | 'sandbox';

export interface OverviewFilter {
  reason: ReasonFilter;
  sandbox: SandboxFilter;
}

/** The applications needing action that the filter keeps (every application with a reason, for `any`). */
export function needingAction(
  applications: readonly OverviewApplication[],
  filter: OverviewFilter,
): OverviewApplication[] {
  return applications.filter(
    (app) =>
      app.reasons.length > 0 &&
      (filter.reason === 'any' || app.reasons.includes(filter.reason)) &&
      (filter.sandbox === 'all' || app.sandboxOnly === (filter.sandbox === 'sandbox')),
  );
}

/** A CSV field: quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(applications: readonly OverviewApplication[]): string {
  const header = ['client_id', 'sandbox', 'managers', 'live_secrets', 'expiring_at', 'expired_at', 'reasons'];
  const rows = applications.map((app) => [
    app.clientId,
    app.sandboxOnly ? 'yes' : 'no',
    app.managers === null ? '' : String(app.managers),
    String(app.liveSecrets),
    app.expiringAt ?? '',
    app.expiredAt ?? '',
    app.reasons.join(' '),
  ]);
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
