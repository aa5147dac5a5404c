// The realm summary (docs/architecture.md#realm-scan-and-overview): what the operators' overview and the
// credman_realm_* gauges show, computed from one full scan — each application's decoded secrets document and its
// manager count. Pure: the scan job (realm-scan.ts) gathers the inputs, this reduces them.
import { toMillis } from '@credman/domain';
import type { SecretRecord, SecretsDocument } from '../store/records/secrets.ts';
import { MIN_MANAGERS } from '../applications/managers.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Weeks of the expiry chart. */
export const OVERVIEW_WEEKS = 12;
/** A secret that expired within this many days makes its application need action (after that it is history). */
export const RECENTLY_EXPIRED_DAYS = 30;
/**
 * A retired secret presented within this many days makes its application need action: some system still holds
 * it and fails (the extension's events, credentials/retired-use.ts). Older presentations have stopped.
 */
export const RETIRED_PRESENTED_DAYS = 7;

export type ActionReason =
  | 'expiring-without-successor'
  | 'expired'
  | 'no-live-secret'
  | 'fewer-than-two-managers'
  | 'retired-secret-presented'
  | 'damaged';

export interface ScannedForSummary {
  clientId: string;
  sandboxOnly: boolean;
  /** Undefined when the application's metadata is damaged. */
  document: SecretsDocument | undefined;
  /** Undefined when the managers could not be read. */
  managers: number | undefined;
}

/** One application as the summary keeps it (the overview's table and the operator list's columns). */
export interface ApplicationCondition {
  clientId: string;
  sandboxOnly: boolean;
  managers: number | null;
  liveSecrets: number;
  /** Epoch ms of the earliest expiry among working secrets without a newer one beside them. */
  expiringAt: number | null;
  /** Epoch ms of the latest expiry among secrets that expired within RECENTLY_EXPIRED_DAYS. */
  expiredAt: number | null;
  reasons: ActionReason[];
}

export interface ExpiryWeek {
  /** Epoch ms of the week's first instant (weeks start at the scan). */
  from: number;
  withSuccessor: number;
  withoutSuccessor: number;
}

export interface SummaryCounts {
  applications: number;
  needingAction: number;
  expiringWithoutSuccessor7d: number;
  expiringWithoutSuccessor30d: number;
  expired: number;
  noLiveSecret: number;
  fewerThanTwoManagers: number;
  /** Secrets (not applications) that ended and were presented within RETIRED_PRESENTED_DAYS. */
  retiredSecretsPresented: number;
  damaged: number;
}

export interface RealmSummary {
  /** Epoch ms when the scan completed. */
  scannedAt: number;
  /** How long the scan took, ms. */
  durationMs: number;
  counts: SummaryCounts;
  weeks: ExpiryWeek[];
  /** Every application, by clientId. */
  applications: ApplicationCondition[];
}

/** Accepted by Keycloak at `now`: recorded live and before the end of its last valid second. */
function works(secret: SecretRecord, now: number): boolean {
  return secret.state === 'live' && now < toMillis(secret.expiresAt + 1);
}

const endOf = (secret: SecretRecord) => toMillis(secret.expiresAt + 1);

function hasSuccessor(secret: SecretRecord, working: readonly SecretRecord[]): boolean {
  return working.some((other) => other.id !== secret.id && other.expiresAt > secret.expiresAt);
}

interface Tally {
  counts: SummaryCounts;
  weeks: ExpiryWeek[];
}

function condition(app: ScannedForSummary, now: number, tally: Tally): ApplicationCondition {
  const reasons: ActionReason[] = [];
  const { document } = app;
  let expiringAt: number | null = null;
  let expiredAt: number | null = null;
  let liveSecrets = 0;
  if (document === undefined) reasons.push('damaged');
  else {
    const working = document.secrets.filter((secret) => works(secret, now));
    liveSecrets = working.length;
    for (const secret of working) {
      const end = endOf(secret);
      const successor = hasSuccessor(secret, working);
      const week = Math.floor((end - now) / WEEK_MS);
      const bucket = tally.weeks[week];
      if (bucket) {
        if (successor) bucket.withSuccessor++;
        else bucket.withoutSuccessor++;
      }
      if (successor) continue;
      if (end - now <= 7 * DAY_MS) tally.counts.expiringWithoutSuccessor7d++;
      if (end - now <= 30 * DAY_MS) {
        tally.counts.expiringWithoutSuccessor30d++;
        expiringAt = expiringAt === null ? end : Math.min(expiringAt, end);
      }
    }
    for (const secret of document.secrets) {
      const expired = secret.state === 'expired' || (secret.state === 'live' && !works(secret, now));
      const end = endOf(secret);
      if (expired && now - end <= RECENTLY_EXPIRED_DAYS * DAY_MS)
        expiredAt = expiredAt === null ? end : Math.max(expiredAt, end);
    }
    if (expiringAt !== null) reasons.push('expiring-without-successor');
    // An expired secret with a working successor is a finished rotation, not something to act on.
    if (expiredAt !== null && liveSecrets === 0) reasons.push('expired');
    else expiredAt = null;
    if (liveSecrets === 0) reasons.push('no-live-secret');
    const presented = document.secrets.filter(
      (secret) =>
        secret.retiredUse !== undefined &&
        now - toMillis(secret.retiredUse.lastAt) <= RETIRED_PRESENTED_DAYS * DAY_MS,
    ).length;
    tally.counts.retiredSecretsPresented += presented;
    if (presented > 0) reasons.push('retired-secret-presented');
  }
  if (app.managers !== undefined && app.managers < MIN_MANAGERS) reasons.push('fewer-than-two-managers');
  return {
    clientId: app.clientId,
    sandboxOnly: app.sandboxOnly,
    managers: app.managers ?? null,
    liveSecrets,
    expiringAt,
    expiredAt,
    reasons,
  };
}

/** The summary of one complete scan. */
export function summarise(
  applications: readonly ScannedForSummary[],
  scan: { startedAt: number; endedAt: number },
): RealmSummary {
  const now = scan.startedAt;
  const tally: Tally = {
    counts: {
      applications: 0,
      needingAction: 0,
      expiringWithoutSuccessor7d: 0,
      expiringWithoutSuccessor30d: 0,
      expired: 0,
      noLiveSecret: 0,
      fewerThanTwoManagers: 0,
      retiredSecretsPresented: 0,
      damaged: 0,
    },
    weeks: Array.from({ length: OVERVIEW_WEEKS }, (_, index) => ({
      from: now + index * WEEK_MS,
      withSuccessor: 0,
      withoutSuccessor: 0,
    })),
  };
  const conditions = applications.map((app) => condition(app, now, tally));
  const { counts } = tally;
  for (const app of conditions) {
    counts.applications++;
    if (app.reasons.length > 0) counts.needingAction++;
    if (app.reasons.includes('expired')) counts.expired++;
    if (app.reasons.includes('no-live-secret')) counts.noLiveSecret++;
    if (app.reasons.includes('fewer-than-two-managers')) counts.fewerThanTwoManagers++;
    if (app.reasons.includes('damaged')) counts.damaged++;
  }
  conditions.sort((a, b) => a.clientId.localeCompare(b.clientId));
  return {
    scannedAt: scan.endedAt,
    durationMs: scan.endedAt - scan.startedAt,
    counts,
    weeks: tally.weeks,
    applications: conditions,
  };
}
