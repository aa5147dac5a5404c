// Keycloak has no conditional update (no ETag, no If-Match), so two sidecar replicas that read the same state
// could both PUT and one change would silently vanish. credman makes the missing compare-and-set out of
// something Keycloak does atomically: a client role name can be created once (a second create is 409 —
// RoleContainerResource.createRole; contract-tested). Before writing revision n+1 of `credman.secrets`, a
// writer creates the role `credman.revision.<n+1>` on the application's client. Exactly one writer wins each
// revision; the others learn that their read is stale or that someone is writing, and retry. The role of the
// newest revision stays (it is what stops a late reader of revision n); older ones are deleted after the write,
// so a reader later still could claim again: the claim's own read of the client refuses it (verifyClaim).
//
// A claim whose writer died (or whose PUT timed out and may still land) is held until its lease ends; then the
// next writer takes over with the revision after it. A PUT delayed in transit for longer than the lease could
// still overwrite a later write: that is the remaining bound, documented in the README.
import type { KeycloakClient, KeycloakPort } from '../keycloak/port.ts';
import { KeycloakConflictError } from '../keycloak/errors.ts';
import { revisionOf, writtenBy } from './application.ts';
import type { StoredApplication } from './application.ts';

export const CLAIM_ROLE_PREFIX = 'credman.revision.';
/** Abandoned claims taken over in one attempt before giving up as busy (a batch's follow-ups: batch-claim.ts). */
export const MAX_TAKEOVERS = 3;

export function claimRoleName(revision: number): string {
  return `${CLAIM_ROLE_PREFIX}${String(revision)}`;
}

interface ClaimRecord {
  writer: string;
  /** Epoch milliseconds on the claiming sidecar's clock. */
  claimedAt: number;
}

function describeClaim(record: ClaimRecord): string {
  return JSON.stringify(record);
}

/** The description of a claim role this writer creates now: who claimed it and when. */
export function claimDescription(options: Pick<ClaimOptions, 'writer' | 'now'>): string {
  return describeClaim({ writer: options.writer, claimedAt: options.now() });
}

function readClaim(description: string | undefined): ClaimRecord | undefined {
  if (description === undefined) return undefined;
  try {
    const value = JSON.parse(description) as Partial<ClaimRecord>;
    return typeof value.writer === 'string' && typeof value.claimedAt === 'number'
      ? { writer: value.writer, claimedAt: value.claimedAt }
      : undefined;
  } catch {
    return undefined;
  }
}

export type ClaimResult =
  | {
      kind: 'claimed';
      /** The revision this writer may now write. */
      revision: number;
      /** Revisions below it whose claim roles can go once the write landed. */
      obsolete: number[];
      /** The client as read right after the claim, still at the revision the caller read. */
      fresh: KeycloakClient;
    }
  /** `stale-read`: someone wrote since the caller's read (re-read and plan again); `held`: a live claim. */
  | { kind: 'busy'; reason: 'stale-read' | 'held' };

export interface ClaimOptions {
  writer: string;
  now: () => number;
  leaseMs: number;
}

/**
 * Creates a claim role (its description records who claimed it and when); false when the name is taken —
 * by a live claim, an abandoned one, or (for revisions) a write that happened. The one atomic step of every
 * claim credman makes: application revisions here, the weekly digest in reminders/digest-ledger.ts.
 */
export async function createClaimRole(
  keycloak: Pick<KeycloakPort, 'createClientRole'>,
  clientUuid: string,
  roleName: string,
  options: ClaimOptions,
): Promise<boolean> {
  try {
    await keycloak.createClientRole(clientUuid, roleName, claimDescription(options));
    return true;
  } catch (error) {
    if (error instanceof KeycloakConflictError) return false;
    throw error;
  }
}

/** Whether a claim role's description shows a claim still within its lease (else its writer is gone). */
export function isLiveClaim(
  description: string | undefined,
  options: Pick<ClaimOptions, 'now' | 'leaseMs'>,
): boolean {
  const claim = readClaim(description);
  return claim !== undefined && options.now() - claim.claimedAt < options.leaseMs;
}

/**
 * Claims the revision after the one `application` was read at. A damaged `credman.secrets` in the re-read
 * throws DamagedApplicationError: a writer never claims past what it cannot read.
 */
export async function claimNextRevision(
  keycloak: KeycloakPort,
  application: Pick<StoredApplication, 'id' | 'secrets'>,
  options: ClaimOptions,
): Promise<ClaimResult> {
  const readRevision = application.secrets.revision;
  const obsolete = readRevision > 0 ? [readRevision] : [];
  let revision = readRevision + 1;
  for (let takeovers = 0; takeovers <= MAX_TAKEOVERS;) {
    if (await createClaimRole(keycloak, application.id, claimRoleName(revision), options))
      return verifyClaim(keycloak, application.id, { revision, obsolete }, readRevision);
    // The name is taken: either that revision was written (our read is stale) or someone is writing it.
    const fresh = await keycloak.getClient(application.id);
    if (fresh === undefined || revisionOf(fresh) !== readRevision)
      return { kind: 'busy', reason: 'stale-read' };
    const role = await keycloak.getClientRole(application.id, claimRoleName(revision));
    if (role === undefined) continue; // released in the meantime: try the same name again
    if (isLiveClaim(role.description, options)) return { kind: 'busy', reason: 'held' };
    // Abandoned (its writer died or its PUT never landed within the lease): skip past it.
    obsolete.push(revision);
    revision++;
    takeovers++;
  }
  return { kind: 'busy', reason: 'held' };
}

/**
 * A claim holds only if nobody wrote since the caller's read: the role of revision n+1 is deleted once n+2 has
 * landed (dropObsoleteClaims), so a reader of n who arrives that late can create it again. Read right after
 * claiming, the client must still be at the revision read; else the claim goes and the read was stale.
 */
async function verifyClaim(
  keycloak: KeycloakPort,
  clientUuid: string,
  claim: { revision: number; obsolete: number[] },
  readRevision: number,
): Promise<ClaimResult> {
  const release = () => releaseClaim(keycloak, clientUuid, claim.revision).catch(() => undefined);
  let unchanged: KeycloakClient | undefined;
  try {
    // revisionOf throws on a damaged record: a writer never claims past what it cannot read.
    const fresh = await keycloak.getClient(clientUuid);
    unchanged = fresh !== undefined && revisionOf(fresh) === readRevision ? fresh : undefined;
  } catch (error) {
    await release();
    throw error;
  }
  if (unchanged) return { kind: 'claimed', ...claim, fresh: unchanged };
  await release();
  return { kind: 'busy', reason: 'stale-read' };
}

/** Gives a claim up when its write certainly did not happen, so the next writer need not wait for the lease. */
export async function releaseClaim(
  keycloak: Pick<KeycloakPort, 'deleteClientRole'>,
  clientUuid: string,
  revision: number,
): Promise<void> {
  await keycloak.deleteClientRole(clientUuid, claimRoleName(revision));
}

/** Deletes the claim roles of revisions a landed write superseded; best effort (a leftover is harmless). */
export async function dropObsoleteClaims(
  keycloak: Pick<KeycloakPort, 'deleteClientRole'>,
  clientUuid: string,
  revisions: readonly number[],
): Promise<void> {
  for (const revision of revisions)
    await keycloak.deleteClientRole(clientUuid, claimRoleName(revision)).catch(() => false);
}

/**
 * After a write that failed in a way that shows it ended: whether Keycloak holds the write of `writer` after all
 * (true), does not (false), or cannot say (undefined: unreadable, or no answer).
 */
export async function writeLanded(
  keycloak: Pick<KeycloakPort, 'getClient'>,
  clientUuid: string,
  writer: string,
): Promise<boolean | undefined> {
  try {
    const after = await keycloak.getClient(clientUuid);
    return after ? writtenBy(after, writer) : false;
  } catch {
    return undefined;
  }
}
