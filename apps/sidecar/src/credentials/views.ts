// What the API shows of an application and its secrets (docs/architecture.md#http-api): shaped from the
// stored records at a given time. Pure. Times in the views are ISO 8601 strings.
import { secondsToIso, secretStatus, toMillis, toSeconds } from '@credman/domain';
import type { EpochMillis, ParsedApplicationName, SecretStatus } from '@credman/domain';
import type { StoredApplication } from '../store/application.ts';
import type { CredmanAttribute } from '../store/codecs.ts';
import type { LastUse } from './last-used.ts';
import type { SecretRecord, SecretsDocument } from './metadata.ts';

export interface SecretView {
  id: string;
  name: string;
  notes?: string;
  hint: string;
  createdAt: string;
  createdBy: { id: string; username: string; name: string };
  expiresAt: string;
  expiresOn: string;
  status: SecretStatus | 'lost';
  endedAt?: string;
  /** The latest login that used this secret, or may have (see lastUseAmbiguous). */
  lastUsedAt?: string;
  /**
   * With lastUsedAt: true when Keycloak did not say which secret that login used and another secret was live
   * then too, so it may have been the other one.
   */
  lastUseAmbiguous?: boolean;
}

export interface ApplicationSummary {
  clientId: string;
  name: ParsedApplicationName;
  description: string | undefined;
  liveSecrets: number;
  /** The live secret that expires first, if any. */
  nearestExpiry: { expiresAt: string; status: SecretStatus } | undefined;
  /**
   * Present when a credman attribute of the application cannot be read: the list still shows the application,
   * without secrets, until an operator repairs it (docs/architecture.md#damaged-metadata).
   */
  damaged?: { attribute: CredmanAttribute };
}

export interface ApplicationDetail extends ApplicationSummary {
  /** API permission scopes assigned to the application (default client scopes from the catalogue). */
  permissions: string[];
  secrets: SecretView[];
}

/** How the views read time: the clock (epoch milliseconds) and the zone of calendar days. */
export interface ViewClock {
  now: EpochMillis;
  zone: string;
}

const expiryStatus = (record: SecretRecord, clock: ViewClock) =>
  secretStatus({ expiresAt: toMillis(record.expiresAt) }, clock.now, clock.zone);

/** The list entry of a readable application. */
export function applicationSummary(
  name: ParsedApplicationName,
  application: Pick<StoredApplication, 'clientId' | 'description' | 'secrets'>,
  clock: ViewClock,
): ApplicationSummary {
  const live = liveAt(application.secrets, clock);
  const nearest = live[0];
  return {
    clientId: application.clientId,
    name,
    description: application.description,
    liveSecrets: live.length,
    nearestExpiry: nearest
      ? { expiresAt: secondsToIso(nearest.expiresAt), status: expiryStatus(nearest, clock) }
      : undefined,
  };
}

/** The list entry of an application whose records cannot be read. */
export function damagedApplicationSummary(
  name: ParsedApplicationName,
  application: { clientId: string; description: string | undefined },
  attribute: CredmanAttribute,
): ApplicationSummary {
  return {
    clientId: application.clientId,
    name,
    description: application.description,
    liveSecrets: 0,
    nearestExpiry: undefined,
    damaged: { attribute },
  };
}

/** Live secrets not yet past their last valid second, the one expiring first first. */
function liveAt(document: SecretsDocument, clock: ViewClock): SecretRecord[] {
  const second = toSeconds(clock.now);
  return document.secrets
    .filter((record) => record.state === 'live' && second <= record.expiresAt)
    .sort((a, b) => a.expiresAt - b.expiresAt);
}

export function secretView(record: SecretRecord, clock: ViewClock, lastUse: LastUse | undefined): SecretView {
  const status: SecretView['status'] =
    record.state === 'lost' ? 'lost' : record.state === 'deleted' ? 'deleted' : expiryStatus(record, clock);
  return {
    id: record.id,
    name: record.name,
    ...(record.notes !== undefined && record.notes !== '' ? { notes: record.notes } : {}),
    hint: record.hint,
    createdAt: secondsToIso(record.createdAt),
    createdBy: {
      id: record.createdBy.id,
      username: record.createdBy.username,
      name: record.createdBy.name,
    },
    expiresAt: secondsToIso(record.expiresAt),
    expiresOn: record.expiresOn,
    status,
    ...(record.endedAt !== undefined ? { endedAt: secondsToIso(record.endedAt) } : {}),
    ...(lastUse !== undefined
      ? { lastUsedAt: new Date(lastUse.at).toISOString(), lastUseAmbiguous: lastUse.ambiguous }
      : {}),
  };
}
