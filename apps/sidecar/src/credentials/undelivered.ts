// Secrets nobody received (docs/architecture.md#writes-that-land-late). A create whose PUT timed out answers 503,
// yet the PUT may still reach Keycloak: a live secret whose value nobody holds. So a create marks its secret
// BEFORE the PUT with a client role `credman.undelivered.<secret id>` (a role, not an attribute, so the PUT
// cannot overwrite it; in Keycloak, so every replica and a restarted one see it) and deletes the mark only after
// the PUT succeeded, just before it answers with the value. A live secret still marked once the mark is older
// than the window is one whose create never answered: a read or a sweep of any replica removes it. A create
// that succeeded, however slowly, cleared its mark before answering, so it is never removed.
import { toMillis } from '@credman/domain';
import { KeycloakUnavailableError } from '../keycloak/errors.ts';
import type { KeycloakPort } from '../keycloak/port.ts';
import { DEFAULT_CLAIM_LEASE_MS } from '../config.ts';
import type { SecretRecord, SecretsDocument } from '../store/records/secrets.ts';
import { liveSecrets } from './metadata.ts';
import { OUTSIDE_CREDMAN } from './rotation.ts';

export const UNDELIVERED_ROLE_PREFIX = 'credman.undelivered.';

/**
 * How long a mark may belong to a create still in flight; a younger mark is never acted on. A create makes its
 * mark after the claim and ends (cleared, or given up) within the request deadline plus one Keycloak call's
 * timeout (8 s + 5 s by default); a PUT applied more than the claim lease after it was sent is the bound the
 * revision claim already states. So the window is the claim lease (2 minutes), far above both: a slow create is
 * never taken for a lost one.
 */
export const UNDELIVERED_MARK_WINDOW_MS = DEFAULT_CLAIM_LEASE_MS;
/**
 * How often a sweep lists one application's marks to drop those whose secret never became live. Between
 * listings it asks only about the live secrets not yet known delivered, so a sweep costs no extra call per
 * application every interval.
 */
export const STALE_MARK_LISTING_INTERVAL_MS = 60 * 60_000;
/** Marks listed at once; an application has one per create that never answered, so far fewer. */
const MARKS_LISTED = 100;
/**
 * Bound on each memory below; past it, that memory simply starts over. Each must hold a whole sweep's worth, or
 * every sweep asks again: 10,000 applications have up to 20,000 live secrets. 100,000 ids in both memories take
 * about 15 MB.
 */
const MEMORY_BOUND = 100_000;

export function undeliveredRoleName(secretId: string): string {
  return `${UNDELIVERED_ROLE_PREFIX}${secretId}`;
}

type Keycloak = Pick<
  KeycloakPort,
  'createClientRole' | 'getClientRole' | 'deleteClientRole' | 'listClientRoles'
>;

interface Mark {
  /** Epoch milliseconds on the marking sidecar's clock. */
  markedAt: number;
}

/** When the mark was made; marks of older versions say `givenUpAt`. Undefined when unreadable. */
function markedAt(description: string | undefined): number | undefined {
  if (description === undefined) return undefined;
  try {
    const value = JSON.parse(description) as { markedAt?: unknown; givenUpAt?: unknown };
    const at = value.markedAt ?? value.givenUpAt;
    return typeof at === 'number' ? at : undefined;
  } catch {
    return undefined;
  }
}

/** What a sweep found: a live secret to remove, and marks to drop whose secret never became live. */
export interface MarkInspection {
  found: SecretRecord | undefined;
  stale: string[];
}

export class UndeliveredSecrets {
  readonly #keycloak: Keycloak;
  readonly #now: () => number;
  readonly #windowMs: number;
  /** Live secrets seen without a mark: their create answered, so they are never asked about again. */
  readonly #delivered = new Set<string>();
  /** Client UUID → when a sweep last listed its marks. */
  readonly #listed = new Map<string, number>();
  /**
   * Secrets this replica answered 503 for whose mark may be gone and could not be made again (Keycloak was
   * unreachable: the node went down between the mark's delete and its re-make). Secret id → client UUID and
   * mark time. This replica counts them as marked and makes the mark again at its next read of the application.
   */
  readonly #unmarked = new Map<string, { clientUuid: string; markedAt: number }>();

  constructor(keycloak: Keycloak, now: () => number, windowMs: number = UNDELIVERED_MARK_WINDOW_MS) {
    this.#keycloak = keycloak;
    this.#now = now;
    this.#windowMs = windowMs;
  }

  /**
   * Step 1 of a create, under the claim and before the PUT; if Keycloak refuses it, nothing is written. Returns
   * the mark's time, for `clear`.
   */
  async mark(clientUuid: string, secretId: string): Promise<number> {
    const mark: Mark = { markedAt: this.#now() };
    await this.#keycloak.createClientRole(clientUuid, undeliveredRoleName(secretId), JSON.stringify(mark));
    return mark.markedAt;
  }

  /**
   * Step 3, after the PUT succeeded and before the value is answered. When Keycloak refuses, the caller answers
   * 503, so the mark must stay: a delete that timed out may still land, so the mark is made again (best effort;
   * 409 means it is still there). Throws KeycloakUnavailableError.
   */
  async clear(clientUuid: string, secretId: string, markedAt: number): Promise<void> {
    const name = undeliveredRoleName(secretId);
    try {
      await this.#keycloak.deleteClientRole(clientUuid, name);
    } catch (error) {
      // Not made again (or already there: 409): keep it until a read finds the mark or makes it.
      if (!(await this.#remark(clientUuid, secretId, markedAt))) {
        if (this.#unmarked.size >= MEMORY_BOUND) this.#unmarked.clear();
        this.#unmarked.set(secretId, { clientUuid, markedAt });
      }
      if (error instanceof KeycloakUnavailableError) throw error;
      throw new KeycloakUnavailableError('undelivered mark not cleared', {
        cause: error,
        mayStillLand: false,
      });
    }
    this.#remember(secretId);
  }

  /** The first live secret still marked past the window (read path): one lookup per secret not known delivered. */
  async find(application: { id: string; secrets: SecretsDocument }): Promise<SecretRecord | undefined> {
    for (const record of this.#undetermined(application.secrets)) {
      const role = await this.#keycloak.getClientRole(application.id, undeliveredRoleName(record.id));
      if (role) this.#unmarked.delete(record.id);
      if (this.#settle(record, role ?? (await this.#unmarkedMark(application.id, record.id)))) return record;
    }
    return undefined;
  }

  /** For a sweep: as `find`, and once per listing interval also the stale marks, by one listing. */
  async inspect(application: { id: string; secrets: SecretsDocument }): Promise<MarkInspection> {
    const last = this.#listed.get(application.id);
    if (last !== undefined && this.#now() - last < STALE_MARK_LISTING_INTERVAL_MS)
      return { found: await this.find(application), stale: [] };
    const roles = await this.#keycloak.listClientRoles(application.id, UNDELIVERED_ROLE_PREFIX, MARKS_LISTED);
    if (this.#listed.size >= MEMORY_BOUND) this.#listed.clear();
    this.#listed.set(application.id, this.#now());
    const marks = new Map(
      roles
        .filter((role) => role.name.startsWith(UNDELIVERED_ROLE_PREFIX))
        .map((role) => [role.name.slice(UNDELIVERED_ROLE_PREFIX.length), role.description]),
    );
    for (const record of this.#undetermined(application.secrets)) {
      if (marks.has(record.id)) {
        this.#unmarked.delete(record.id);
        continue;
      }
      const unmarked = await this.#unmarkedMark(application.id, record.id);
      if (unmarked) marks.set(record.id, unmarked.description);
    }
    const live = new Set(liveSecrets(application.secrets).map((record) => record.id));
    // A full page may have left a live secret's mark out: then absence proves nothing, so ask one by one.
    const found =
      roles.length >= MARKS_LISTED
        ? await this.find(application)
        : this.#undetermined(application.secrets).find((record) =>
            this.#settle(record, marks.has(record.id) ? { description: marks.get(record.id) } : undefined),
          );
    // A mark whose secret is not live past the window: its PUT never landed (or the secret is gone): inert.
    const stale = [...marks]
      .filter(([id, description]) => !live.has(id) && this.#older(markedAt(description) ?? 0))
      .map(([id]) => id);
    return { found, stale };
  }

  /** Drops the mark of a secret that was removed (or never became live); best effort, a leftover is inert. */
  async forget(clientUuid: string, secretId: string): Promise<void> {
    this.#unmarked.delete(secretId);
    await this.#keycloak.deleteClientRole(clientUuid, undeliveredRoleName(secretId)).catch(() => false);
  }

  /** Makes a mark again with its first time; false when Keycloak refused (409: it is still there). */
  async #remark(clientUuid: string, secretId: string, markedAt: number): Promise<boolean> {
    const mark: Mark = { markedAt };
    return this.#keycloak
      .createClientRole(clientUuid, undeliveredRoleName(secretId), JSON.stringify(mark))
      .then(
        () => true,
        () => false,
      );
  }

  /**
   * For a live secret Keycloak holds no mark of: the mark this replica could not make again, made now (best
   * effort) and counted either way; undefined when this replica knows of none. A mark Keycloak holds settles
   * the secret by itself, so the memory goes.
   */
  async #unmarkedMark(clientUuid: string, secretId: string): Promise<{ description: string } | undefined> {
    const unmarked = this.#unmarked.get(secretId);
    if (unmarked?.clientUuid !== clientUuid) return undefined;
    if (await this.#remark(clientUuid, secretId, unmarked.markedAt)) this.#unmarked.delete(secretId);
    return { description: JSON.stringify({ markedAt: unmarked.markedAt } satisfies Mark) };
  }

  /** Live secrets a credman create made that are not known delivered. */
  #undetermined(document: SecretsDocument): SecretRecord[] {
    // Adopted secrets were set outside credman: someone holds them, and no credman create made them.
    return liveSecrets(document).filter(
      (record) => record.createdBy.id !== OUTSIDE_CREDMAN.id && !this.#delivered.has(record.id),
    );
  }

  /**
   * Whether a live secret with this mark (or none) was never delivered. Without a mark it was: the mark comes
   * before the PUT and goes only after it succeeded, so it is remembered. A mark within the window may be a
   * create still in flight; an unreadable mark counts from the secret's creation.
   */
  #settle(record: SecretRecord, role: { description?: string | undefined } | undefined): boolean {
    if (role === undefined) {
      this.#remember(record.id);
      return false;
    }
    return this.#older(markedAt(role.description) ?? toMillis(record.createdAt));
  }

  #older(at: number): boolean {
    return this.#now() - at >= this.#windowMs;
  }

  #remember(secretId: string): void {
    if (this.#delivered.size >= MEMORY_BOUND) this.#delivered.clear();
    this.#delivered.add(secretId);
  }
}
