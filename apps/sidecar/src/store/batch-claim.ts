// The revision claim (write-claim.ts, docs/architecture.md#revision-claim) for a page of applications at once,
// through credman's Keycloak extension (`records-batch`: keycloak-extension/README.md): ONE call claims each
// application's next revision and returns its fresh secret-free client and its manager holders, ONE call writes
// their credman attributes, each only while its claim still holds. Same roles, same descriptions, same lease as the
// per-application claim, so a replica on the stock protocol competing for the same application sees nothing new:
// a live claim is respected, an abandoned one is skipped (MAX_TAKEOVERS follow-up calls at most), a stale read
// loses. Used only by the application store (ApplicationStore.withRecordsBatch).
import { randomUUID } from 'node:crypto';
import { KeycloakUnavailableError } from '../keycloak/errors.ts';
import type {
  KeycloakClient,
  KeycloakPort,
  ManagerHolders,
  RecordsClaim,
  RecordsClaimOutcome,
  RecordsWrite,
  RecordsWriteOutcome,
} from '../keycloak/port.ts';
import { encodeRecordsOnlyChange } from './application.ts';
import type { DueSettings, StoredApplication } from './application.ts';
import type { ReminderLedger } from './records/ledger.ts';
import {
  MAX_TAKEOVERS,
  claimDescription,
  dropObsoleteClaims,
  isLiveClaim,
  releaseClaim,
  writeLanded,
} from './write-claim.ts';

/** The most applications one batch call carries (the extension answers 400 above). */
export const BATCH_LIMIT = 100;

/** A revision this writer holds on one application. */
export interface HeldClaim {
  id: string;
  writer: string;
  revision: number;
  /** Revisions below it whose claim roles go with the write. */
  obsolete: number[];
}

export type BatchClaim =
  | (HeldClaim & { kind: 'claimed'; fresh: KeycloakClient; managers: ManagerHolders })
  /** As claimNextRevision's busy: `stale-read` someone wrote since the read, `held` a live claim. */
  | { kind: 'busy'; id: string; reason: 'stale-read' | 'held' }
  /** No such client, or the service account may not manage it. */
  | { kind: 'gone'; id: string };

export interface BatchClaimOptions {
  now: () => number;
  leaseMs: number;
  managerRole: string;
}

interface Pending extends HeldClaim {
  readRevision: number;
  takeovers: number;
}

/**
 * Claims the revision after the one each application was read at, in one call, and one follow-up call per round
 * of abandoned claims skipped. One outcome per application, in order. If a call throws, the claims already held
 * are released (nothing was written under them) and the error is rethrown: KeycloakRejectedError means the
 * extension is gone and the caller falls back to the per-application claim.
 */
export async function claimBatch(
  keycloak: Pick<KeycloakPort, 'claimRecords' | 'deleteClientRole'>,
  applications: readonly Pick<StoredApplication, 'id' | 'secrets'>[],
  options: BatchClaimOptions,
): Promise<BatchClaim[]> {
  const results = new Map<string, BatchClaim>();
  let pending: Pending[] = applications.map((application) => {
    const readRevision = application.secrets.revision;
    return {
      id: application.id,
      writer: randomUUID(),
      readRevision,
      revision: readRevision + 1,
      obsolete: readRevision > 0 ? [readRevision] : [],
      takeovers: 0,
    };
  });
  try {
    while (pending.length > 0) {
      const claims: RecordsClaim[] = pending.map((item) => ({
        id: item.id,
        readRevision: item.readRevision,
        revision: item.revision,
        description: claimDescription({ writer: item.writer, now: options.now }),
      }));
      const outcomes = await keycloak.claimRecords(claims, options.managerRole);
      if (outcomes.length !== pending.length || outcomes.some((o, i) => o.id !== pending[i]?.id))
        throw new KeycloakUnavailableError('credman/claims answered other applications than asked', {
          mayStillLand: false,
        });
      const next: Pending[] = [];
      outcomes.forEach((outcome, index) => {
        const item = pending[index] as Pending;
        const settled = judge(item, outcome, options);
        if (settled) results.set(item.id, settled);
        // Abandoned (its writer died or its write never landed within the lease): skip past it.
        else
          next.push({
            ...item,
            obsolete: [...item.obsolete, item.revision],
            revision: item.revision + 1,
            takeovers: item.takeovers + 1,
          });
      });
      pending = next;
    }
  } catch (error) {
    await releaseAll(keycloak, [...results.values()]);
    throw error;
  }
  return applications.map((application) => results.get(application.id) as BatchClaim);
}

/** What one claim's outcome settles; undefined for an abandoned claim to skip in a follow-up call. */
function judge(
  item: Pending,
  outcome: RecordsClaimOutcome,
  options: BatchClaimOptions,
): BatchClaim | undefined {
  const { id, writer, revision, obsolete } = item;
  switch (outcome.outcome) {
    case 'claimed':
      return {
        kind: 'claimed',
        id,
        writer,
        revision,
        obsolete,
        fresh: outcome.client,
        managers: outcome.managers,
      };
    case 'stale-read':
      return { kind: 'busy', id, reason: 'stale-read' };
    case 'gone':
      return { kind: 'gone', id };
    case 'taken':
      return isLiveClaim(outcome.description, options) || item.takeovers >= MAX_TAKEOVERS
        ? { kind: 'busy', id, reason: 'held' }
        : undefined;
  }
}

/** Gives up claims whose write certainly did not happen (best effort: a leftover ends with its lease). */
export async function releaseAll(
  keycloak: Pick<KeycloakPort, 'deleteClientRole'>,
  claims: readonly (BatchClaim | HeldClaim)[],
): Promise<void> {
  for (const claim of claims)
    if (!('kind' in claim) || claim.kind === 'claimed')
      await releaseClaim(keycloak, claim.id, claim.revision).catch(() => undefined);
}

/** One claimed application's records-only write: its fresh read and the ledger to store. */
export interface BatchWrite {
  claim: HeldClaim;
  fresh: StoredApplication;
  ledger: ReminderLedger;
}

export type BatchWriteOutcome =
  | RecordsWriteOutcome
  /** The call failed and this write did not land, or may still (its claim then stays until its lease ends). */
  | { id: string; outcome: 'failed'; error: unknown };

/**
 * Writes the ledgers (with `credman.secrets` at each claimed revision and `credman.due`, encodeRecordsOnlyChange)
 * in one call; one outcome per write, in order. Each lands only if its claim still holds; a landed write also
 * deleted its obsolete claim roles. A call that failed and may still land (a timeout) leaves the claims held until
 * their lease ends, as a failed PUT does (ApplicationStore); one that certainly failed is checked per application
 * (did it land after all?) and each claim is released or its obsolete roles dropped accordingly.
 */
export async function writeBatch(
  keycloak: Pick<KeycloakPort, 'writeRecords' | 'getClient' | 'deleteClientRole'>,
  writes: readonly BatchWrite[],
  options: { nowMs: number; due: DueSettings },
): Promise<BatchWriteOutcome[]> {
  if (writes.length === 0) return [];
  const requests: RecordsWrite[] = writes.map(({ claim, fresh, ledger }) => ({
    id: claim.id,
    revision: claim.revision,
    writer: claim.writer,
    attributes: encodeRecordsOnlyChange(fresh, ledger, { ...claim, ...options }).attributes,
    obsolete: claim.obsolete,
  }));
  let outcomes: RecordsWriteOutcome[];
  try {
    outcomes = await keycloak.writeRecords(requests);
    if (outcomes.length !== writes.length || outcomes.some((o, i) => o.id !== requests[i]?.id))
      throw new KeycloakUnavailableError('credman/records answered other applications than asked');
  } catch (error) {
    if (error instanceof KeycloakUnavailableError && error.mayStillLand)
      return writes.map(({ claim }) => ({ id: claim.id, outcome: 'failed', error }));
    const settled: BatchWriteOutcome[] = [];
    for (const { claim } of writes) settled.push(await settle(keycloak, claim, error));
    return settled;
  }
  return outcomes;
}

/** After a write that certainly failed: whether this one landed anyway, and its claim settled to match. */
async function settle(
  keycloak: Pick<KeycloakPort, 'getClient' | 'deleteClientRole'>,
  claim: HeldClaim,
  error: unknown,
): Promise<BatchWriteOutcome> {
  const landed = await writeLanded(keycloak, claim.id, claim.writer);
  if (landed === true) {
    await dropObsoleteClaims(keycloak, claim.id, claim.obsolete);
    return { id: claim.id, outcome: 'written' };
  }
  if (landed === false) await releaseClaim(keycloak, claim.id, claim.revision).catch(() => undefined);
  return { id: claim.id, outcome: 'failed', error };
}
