// Operators add and remove an application's credential managers (docs/architecture.md#people-and-roles): a
// direct mapping of the `credential-manager` client role, an audit entry and a notice for each real change, and
// the resulting manager list with a warning when fewer than two people manage the application. An operator
// never makes themselves a manager: another operator must (docs/architecture.md#decisions).
import { toSeconds } from '@credman/domain';
import type { ApiCatalogue } from '@credman/domain';
import type { AuditEntry } from '../store/records/audit-trail.ts';
import type { CredentialService } from '../credentials/credential-service.ts';
import type { ApplicationStore } from '../store/application-store.ts';
import { KeyedLock } from '../store/keyed-lock.ts';
import type { Actor } from '../store/records/secrets.ts';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import type { KeycloakPort, KeycloakUser } from '../keycloak/port.ts';
import type { ApplicationRef } from '../store/application.ts';
import { ConcurrentChangeError } from '../store/errors.ts';
import {
  EmailNotVerifiedError,
  ManagedThroughGroupError,
  SelfAssignmentError,
  UserNotFoundError,
} from './errors.ts';
import { displayName, listManagers, managerWarnings } from './managers.ts';
import type { Manager, ManagerWarning } from './managers.ts';

/** How often an audit write is tried when another replica wrote the application at the same moment. */
const AUDIT_ATTEMPTS = 3;

export interface ManagerAssignmentDeps {
  keycloak: KeycloakPort;
  /** Finds the managed application (with the store's cache of managed clients). */
  store: Pick<ApplicationStore, 'application' | 'managedClient'>;
  credentials: Pick<CredentialService, 'recordAudit'>;
  catalogue: ApiCatalogue;
  /** Epoch milliseconds. */
  now: () => number;
  lock?: KeyedLock;
  /** Told after a manager was added or removed (notices by mail); must neither throw nor block. */
  onManagerChange?: ManagerChangeListener | undefined;
}

/** A manager added or removed, as the notice reports it. */
export interface ManagerChangeNotice {
  kind: 'added' | 'removed';
  clientId: string;
  clientUuid: string;
  /** The person added or removed. */
  subject: { id: string; username: string; name: string; email: string | undefined; emailVerified: boolean };
  actor: Actor;
  /** Epoch milliseconds. */
  at: number;
}

export type ManagerChangeListener = (change: ManagerChangeNotice) => void;

export interface ManagerList {
  managers: Manager[];
  warnings: ManagerWarning[];
}

export interface ManagerChange extends ManagerList {
  /** False when the request asked for what already was (no role change, no audit entry). */
  changed: boolean;
}

const listOf = (managers: Manager[]): ManagerList => ({ managers, warnings: managerWarnings(managers) });

export class ManagerAssignment {
  readonly #deps: ManagerAssignmentDeps;
  readonly #lock: KeyedLock;

  constructor(deps: ManagerAssignmentDeps) {
    this.#deps = deps;
    this.#lock = deps.lock ?? new KeyedLock();
  }

  /** The managers of a managed application (ApplicationNotFoundError otherwise). */
  async list(clientId: string): Promise<ManagerList> {
    const client = await this.#deps.store.managedClient(clientId);
    return listOf(await listManagers(this.#deps.keycloak, client.id));
  }

  /** Grants the role directly; a user who already manages the application (in any way) is left as is. */
  add(clientId: string, userId: string, actor: Actor): Promise<ManagerChange> {
    // Serialised per application so that two simultaneous adds of one user give one audit entry.
    return this.#lock.run(clientId, async () => {
      const { keycloak } = this.#deps;
      const client = await this.#application(clientId);
      const user = await this.#user(userId);
      // The user Keycloak returned, not the parameter: another spelling of one's own id is still oneself.
      if (user.id === actor.id) throw new SelfAssignmentError(actor.username);
      const before = await listManagers(keycloak, client.id);
      if (before.some((m) => m.id === user.id)) return { changed: false, ...listOf(before) };
      if (!user.emailVerified || user.email === undefined || user.email === '')
        throw new EmailNotVerifiedError(user.username);
      await keycloak.grantClientRole(user.id, client.id, MANAGER_ROLE);
      return this.#recorded('added', client, user, actor);
    });
  }

  /** Revokes the direct role mapping; removing a non-manager changes nothing. */
  remove(clientId: string, userId: string, actor: Actor): Promise<ManagerChange> {
    return this.#lock.run(clientId, async () => {
      const { keycloak } = this.#deps;
      const client = await this.#application(clientId);
      const user = await this.#user(userId);
      const before = await listManagers(keycloak, client.id);
      const current = before.find((m) => m.id === user.id);
      if (!current) return { changed: false, ...listOf(before) };
      if (current.via !== 'direct') throw new ManagedThroughGroupError(user.username, current.via);
      await keycloak.revokeClientRole(user.id, client.id, MANAGER_ROLE);
      return this.#recorded('removed', client, user, actor);
    });
  }

  /**
   * Read with its records: a damaged application is refused before its roles change, so every role change can be
   * recorded. The audit trail never refuses an entry (docs/architecture.md#audit-retention).
   */
  async #application(clientId: string): Promise<ApplicationRef> {
    return this.#deps.store.application(clientId);
  }

  /** After a role change: its audit entry, the notice, and the managers as they are now. */
  async #recorded(
    kind: ManagerChangeNotice['kind'],
    client: ApplicationRef,
    user: KeycloakUser,
    actor: Actor,
  ): Promise<ManagerChange> {
    const at = this.#deps.now();
    await this.#audit(client.clientId, kind === 'added' ? 'manager-added' : 'manager-removed', user, actor);
    announceManagerChange(this.#deps.onManagerChange, {
      kind,
      clientId: client.clientId,
      clientUuid: client.id,
      subject: {
        id: user.id,
        username: user.username,
        name: displayName(user),
        email: user.email,
        emailVerified: user.emailVerified,
      },
      actor,
      at,
    });
    return { changed: true, ...listOf(await listManagers(this.#deps.keycloak, client.id)) };
  }

  async #user(userId: string): Promise<KeycloakUser> {
    const user = await this.#deps.keycloak.getUser(userId);
    if (!user) throw new UserNotFoundError(userId);
    return user;
  }

  /**
   * The role change is made first and recorded after, so the trail never claims a change that did not happen.
   * A concurrent credman write elsewhere only means "read again and retry".
   */
  async #audit(
    clientId: string,
    action: 'manager-added' | 'manager-removed',
    subject: KeycloakUser,
    actor: Actor,
  ): Promise<void> {
    const entry: AuditEntry = {
      at: toSeconds(this.#deps.now()),
      action,
      actor,
      subject: { id: subject.id, username: subject.username, name: displayName(subject) },
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#deps.credentials.recordAudit(clientId, [entry]);
        return;
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError) || attempt >= AUDIT_ATTEMPTS) throw error;
      }
    }
  }
}

/** Tells the listener of a change that already happened; a failing listener changes nothing. */
function announceManagerChange(
  listener: ManagerChangeListener | undefined,
  change: ManagerChangeNotice,
): void {
  if (!listener) return;
  try {
    listener(change);
  } catch {
    // A notice is a courtesy: it never undoes or fails a change that already happened.
  }
}
