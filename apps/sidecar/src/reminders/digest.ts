// The weekly operator digest (docs/architecture.md#operator-digest): once per ISO week, the applications with
// fewer than two managers, to the operator address. Its record lives on credman's own client
// (digest-ledger.ts), claimed atomically like an application's revision.
import type { ApplicationRef } from '../store/application.ts';
import { MIN_MANAGERS, listManagers } from '../applications/managers.ts';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import type { KeycloakPort } from '../keycloak/port.ts';
import type { Logger } from '../logging.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { MessageSettings, RenderedMessage } from '../mail/render.ts';
import { digestMessage } from '../mail/templates/digest.ts';
import type { UnderstaffedApplication } from '../mail/templates/digest.ts';
import { DigestLedger, isoWeek } from './digest-ledger.ts';
import { pool } from './work-pool.ts';

/** A digest claim older than this counts as abandoned (a digest over 10,000 applications takes about a minute). */
export const DIGEST_LEASE_MS = 15 * 60_000;
const WEEK_MS = 7 * 86_400_000;

export type DigestOutcome =
  'sent' | 'already-sent' | 'busy' | 'nothing-to-report' | 'no-operator-address' | 'failed';

export interface OperatorDigestDeps {
  keycloak: KeycloakPort;
  mailer: Mailer;
  /** Epoch milliseconds. */
  now: () => number;
  logger: Logger;
  settings: MessageSettings & { sidecarClientId: string };
  concurrency: number;
  leaseMs: number;
  /** This runner's id in the digest's claim roles. */
  writer: string;
}

export class OperatorDigest {
  readonly #deps: OperatorDigestDeps;
  #ledger: DigestLedger | undefined;

  constructor(deps: OperatorDigestDeps) {
    this.#deps = deps;
  }

  /** The digest's record on credman's own client; undefined (logged) when that client is missing. */
  async ledger(): Promise<DigestLedger | undefined> {
    if (this.#ledger) return this.#ledger;
    const { keycloak, settings, logger } = this.#deps;
    // Only its id is needed (the record is its roles): the listed read carries no secret value.
    const own = await keycloak.findListedClient(settings.sidecarClientId);
    if (!own) {
      logger.error(
        { clientId: settings.sidecarClientId },
        "credman's own client not found; no operator digest",
      );
      return undefined;
    }
    this.#ledger = new DigestLedger({
      keycloak,
      clientUuid: own.id,
      writer: this.#deps.writer,
      now: this.#deps.now,
      leaseMs: this.#deps.leaseMs,
    });
    return this.#ledger;
  }

  /** The digest message, or undefined when every managed application has enough managers. */
  async message(at: number, candidates: readonly ApplicationRef[]): Promise<RenderedMessage | undefined> {
    const { keycloak, settings } = this.#deps;
    const understaffed: UnderstaffedApplication[] = [];
    await pool(candidates, this.#deps.concurrency, async (application) => {
      if (!(await keycloak.clientHasRole(application.id, MANAGER_ROLE))) return;
      const managers = (await listManagers(keycloak, application.id)).length;
      if (managers < MIN_MANAGERS) understaffed.push({ clientId: application.clientId, managers });
    });
    if (understaffed.length === 0) return undefined;
    understaffed.sort((a, b) => a.clientId.localeCompare(b.clientId));
    return digestMessage({ week: isoWeek(at, settings.zone), applications: understaffed }, settings);
  }

  /** Claims this week's digest, sends it and records it; a failure is logged and retried at the next run. */
  async send(
    ledger: DigestLedger,
    week: string,
    at: number,
    operator: string,
    candidates: readonly ApplicationRef[],
  ): Promise<DigestOutcome> {
    const { logger, settings } = this.#deps;
    const previousWeek = isoWeek(at - WEEK_MS, settings.zone);
    try {
      const claim = await ledger.claim(week);
      if (claim.kind === 'sent') return 'already-sent';
      if (claim.kind === 'busy') return 'busy';
      let message: RenderedMessage | undefined;
      try {
        message = await this.message(at, candidates);
        if (message) await this.#deps.mailer.send({ to: [operator], ...message });
      } catch (error) {
        await ledger.release(claim.role);
        throw error;
      }
      await ledger.markSent(week, claim.role, previousWeek);
      if (message) logger.info({ week }, 'operator digest sent');
      return message ? 'sent' : 'nothing-to-report';
    } catch (error) {
      logger.warn({ err: error, week }, 'operator digest failed; retried next run');
      return 'failed';
    }
  }
}
