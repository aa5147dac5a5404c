// Exactly-once bookkeeping of the operator's weekly digest across replicas and restarts. The digest concerns
// the realm, not one application, so its record lives on credman's own client (the sidecar's service client):
// that client belongs to credman, is not under the secret-rotation policy, and the service account may already
// manage its roles. The record uses the atomic step and the lease record of the application claims
// (store/write-claim.ts): a client role name can be created only once.
//   credman.digest.<week>.claim.<n>  a replica is sending week's digest (description: writer + time, leased)
//   credman.digest.<week>.sent       the SMTP server accepted week's digest
// A crash between "accepted" and creating `.sent` leaves a claim that expires after the lease; the next run
// sends the digest again: at most one duplicate per crash, never a lost week.
import { DateTime } from 'luxon';
import { KeycloakConflictError } from '../keycloak/errors.ts';
import type { KeycloakPort } from '../keycloak/port.ts';
import { createClaimRole, isLiveClaim } from '../store/write-claim.ts';

const ROLE_PREFIX = 'credman.digest.';
const MAX_TAKEOVERS = 3;

/** The ISO week of an instant in the zone, e.g. `2027-W05`: the digest's period. */
export function isoWeek(now: number, zone: string): string {
  const date = DateTime.fromMillis(now, { zone });
  return `${String(date.weekYear)}-W${String(date.weekNumber).padStart(2, '0')}`;
}

function sentRole(week: string): string {
  return `${ROLE_PREFIX}${week}.sent`;
}

function claimRole(week: string, attempt: number): string {
  return `${ROLE_PREFIX}${week}.claim.${String(attempt)}`;
}

export type DigestClaim = { kind: 'claimed'; role: string } | { kind: 'sent' } | { kind: 'busy' };

export interface DigestLedgerOptions {
  keycloak: Pick<KeycloakPort, 'createClientRole' | 'getClientRole' | 'deleteClientRole'>;
  /** UUID of credman's own client. */
  clientUuid: string;
  writer: string;
  now: () => number;
  leaseMs: number;
}

export class DigestLedger {
  readonly #options: DigestLedgerOptions;

  constructor(options: DigestLedgerOptions) {
    this.#options = options;
  }

  async isSent(week: string): Promise<boolean> {
    return (
      (await this.#options.keycloak.getClientRole(this.#options.clientUuid, sentRole(week))) !== undefined
    );
  }

  /** Claims the sending of `week`'s digest; 'sent' when it went out already, 'busy' when another replica sends. */
  async claim(week: string): Promise<DigestClaim> {
    const { keycloak, clientUuid } = this.#options;
    for (let attempt = 1; attempt <= MAX_TAKEOVERS; attempt++) {
      const role = claimRole(week, attempt);
      if (!(await createClaimRole(keycloak, clientUuid, role, this.#options))) {
        const held = await keycloak.getClientRole(clientUuid, role);
        if (held !== undefined && isLiveClaim(held.description, this.#options)) return { kind: 'busy' };
        // Abandoned by a replica that died (or released just now): go on with the next name.
        continue;
      }
      // Someone may have finished the week between our check and our claim.
      if (await this.isSent(week)) {
        await keycloak.deleteClientRole(clientUuid, role).catch(() => false);
        return { kind: 'sent' };
      }
      return { kind: 'claimed', role };
    }
    return { kind: 'busy' };
  }

  /** Records that the SMTP server accepted the digest, then tidies this and the previous week's claims. */
  async markSent(week: string, claim: string, previousWeek: string): Promise<void> {
    const { keycloak, clientUuid } = this.#options;
    try {
      await keycloak.createClientRole(
        clientUuid,
        sentRole(week),
        JSON.stringify({ sentAt: this.#options.now() }),
      );
    } catch (error) {
      if (!(error instanceof KeycloakConflictError)) throw error;
    }
    const leftovers = [claim, sentRole(previousWeek)];
    for (let attempt = 1; attempt <= MAX_TAKEOVERS; attempt++)
      leftovers.push(claimRole(previousWeek, attempt));
    for (const role of leftovers) await keycloak.deleteClientRole(clientUuid, role).catch(() => false);
  }

  /** Gives the claim up when nothing was sent, so the next run need not wait for the lease. */
  async release(claim: string): Promise<void> {
    await this.#options.keycloak.deleteClientRole(this.#options.clientUuid, claim).catch(() => false);
  }
}
