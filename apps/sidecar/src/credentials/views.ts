// What the API shows of an application and its secrets (docs/architecture.md#http-api): shaped from the
// stored records at a given time. Pure. Times in the views are ISO 8601 strings.
import { secondsToIso, secretStatus, toMillis, toSeconds } from '@credman/domain';
import type { EpochMillis, ParsedApplicationName } from '@credman/domain';
import type {
  ApplicationDetail as ContractApplicationDetail,
  ApplicationSummary,
  Secret,
} from '@credman/api-contract';
import type { StoredApplication } from '../store/application.ts';
import type { CredmanAttribute } from '../store/records/codecs.ts';
import type { SecretUsage } from './last-used.ts';
import type { SecretRecord, SecretsDocument } from '../store/records/secrets.ts';

/** A secret as the API shows it: the contract's type, so the sidecar cannot drift from the contract. */
export type SecretView = Secret;

export type { ApplicationSummary };

/**
 * An application's detail as the credential service shapes it: the contract's ApplicationDetail without the
 * token endpoint, which the route adds, and without the optional managers list, which this service never fills.
 */
export type ApplicationDetail = Omit<ContractApplicationDetail, 'tokenEndpoint' | 'managers'>;

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

const iso = (millis: number) => new Date(millis).toISOString();
const personOf = (actor: SecretRecord['createdBy']) => ({
  id: actor.id,
  username: actor.username,
  name: actor.name,
});

/**
 * A secret's view. `usage`: its use from the events read (credentials/last-used.ts); `truncated`: the read hit
 * its bound, so counts are lower bounds. Never the value, never its digest.
 */
export function secretView(
  record: SecretRecord,
  clock: ViewClock,
  usage: SecretUsage | undefined,
  options: { truncated?: boolean } = {},
): SecretView {
  const status: SecretView['status'] =
    record.state === 'lost' ? 'lost' : record.state === 'deleted' ? 'deleted' : expiryStatus(record, clock);
  const { useConfirmed, retiredUse } = record;
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
    ...(usage !== undefined
      ? {
          lastUsedAt: iso(usage.last.at),
          lastUseAmbiguous: usage.last.ambiguous,
          firstUsedAt: iso(usage.first.at),
          firstUsedFrom: usage.first.ipAddress,
          usage: {
            last24Hours: usage.last24Hours,
            last7Days: usage.last7Days,
            addresses: usage.addresses,
            ambiguous: usage.ambiguous,
            truncated: options.truncated ?? false,
          },
        }
      : {}),
    ...(useConfirmed
      ? { useConfirmedAt: secondsToIso(useConfirmed.at), useConfirmedBy: personOf(useConfirmed.by) }
      : {}),
    ...(retiredUse
      ? {
          retiredUse: {
            firstAt: secondsToIso(retiredUse.firstAt),
            lastAt: secondsToIso(retiredUse.lastAt),
            count: retiredUse.count,
            addresses: retiredUse.addresses.slice(0, 10),
          },
        }
      : {}),
  };
}
