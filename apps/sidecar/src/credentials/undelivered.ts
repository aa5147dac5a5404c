// Secrets nobody received (docs/architecture.md#writes-that-land-late). A create whose PUT timed out answers 503,
// yet the PUT may still reach Keycloak: a live secret whose value nobody holds. The writer that gave up marks
// the secret at once with a client role `credman.undelivered.<secret id>` (a role, not an attribute, so the late
// PUT cannot overwrite it); a later read or sweep that finds a live record with that mark removes the secret. A
// create that succeeded, however slowly, is never marked, so it is never removed.
import { toMillis } from '@credman/domain';
import type { KeycloakPort } from '../keycloak/port.ts';
import { DEFAULT_CLAIM_LEASE_MS } from '../store/write-claim.ts';
import type { SecretRecord, SecretsDocument } from './metadata.ts';
import { liveSecrets } from './metadata.ts';
import { OUTSIDE_CREDMAN } from './rotation.ts';

export const UNDELIVERED_ROLE_PREFIX = 'credman.undelivered.';

/**
 * After this long since its creation a secret without the mark was delivered: the writer marks right after its
 * PUT failed, and a PUT landing later than the claim lease is the bound the revision claim already states.
 */
export const UNDELIVERED_MARK_WINDOW_MS = DEFAULT_CLAIM_LEASE_MS;
/** Bound on the memory of secrets known delivered; past it, it simply starts over. */
const DELIVERED_MEMORY = 10_000;

export function undeliveredRoleName(secretId: string): string {
  return `${UNDELIVERED_ROLE_PREFIX}${secretId}`;
}

type Keycloak = Pick<KeycloakPort, 'createClientRole' | 'getClientRole' | 'deleteClientRole'>;

export class UndeliveredSecrets {
  readonly #keycloak: Keycloak;
  readonly #now: () => number;
  /** Secrets known delivered (unmarked past the window): never asked about again. */
  readonly #delivered = new Set<string>();
  /** Secrets this process gave up on whose mark could not be written yet: secret id → client UUID. */
  readonly #unmarked = new Map<string, string>();

  constructor(keycloak: Keycloak, now: () => number) {
    this.#keycloak = keycloak;
    this.#now = now;
  }

  /** Marks a secret whose create was given up while its PUT may still land; kept in memory if Keycloak fails. */
  async markGivenUp(clientUuid: string, secretId: string): Promise<void> {
    this.#unmarked.set(secretId, clientUuid);
    await this.#keycloak.createClientRole(
      clientUuid,
      undeliveredRoleName(secretId),
      JSON.stringify({ givenUpAt: this.#now() }),
    );
    this.#unmarked.delete(secretId);
  }

  /** The first live secret of the application that nobody received; undefined when there is none. */
  async find(application: { id: string; secrets: SecretsDocument }): Promise<SecretRecord | undefined> {
    for (const record of liveSecrets(application.secrets)) {
      // Adopted secrets were set outside credman: someone holds them, and no credman create made them.
      if (record.createdBy.id === OUTSIDE_CREDMAN.id || this.#delivered.has(record.id)) continue;
      if (this.#unmarked.has(record.id)) return record;
      if (await this.#keycloak.getClientRole(application.id, undeliveredRoleName(record.id))) return record;
      if (this.#now() - toMillis(record.createdAt) > UNDELIVERED_MARK_WINDOW_MS) this.#remember(record.id);
    }
    return undefined;
  }

  /** Drops the mark of a secret that was removed (or is no longer live); best effort, a leftover is inert. */
  async forget(clientUuid: string, secretId: string): Promise<void> {
    this.#unmarked.delete(secretId);
    await this.#keycloak.deleteClientRole(clientUuid, undeliveredRoleName(secretId)).catch(() => false);
  }

  #remember(secretId: string): void {
    if (this.#delivered.size >= DELIVERED_MEMORY) this.#delivered.clear();
    this.#delivered.add(secretId);
  }
}
