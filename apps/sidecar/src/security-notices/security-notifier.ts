// Security notices (docs/architecture.md#security-notices): after a secret was created or deleted (or removed
// because nobody received it), every manager of the application gets a mail saying who did it, when, and which
// secret (name and hint, never the value); after an edit of its name or notes, the same managers do (the editor
// too, as for a create or delete: a change made with someone's login reaches them even if they did not make it); after an
// operator changed the application, its managers do; after a manager was added or removed, that person and the application's other managers get one. The
// listeners return at once and send in the background: the change already happened, and a slow or failing SMTP
// server must neither delay nor fail it. Failures are logged.
import type { ManagerChangeNotice } from '../applications/manager-assignment.ts';
import type { KeycloakPort } from '../keycloak/port.ts';
import type { SecretChange } from '../credentials/credential-service.ts';
import type { Logger } from '../logging.ts';
import type { Mailer } from '../mail/mailer.ts';
import { applicationEditedMessage, managerChangeMessage } from '../mail/templates/application-notices.ts';
import {
  secretEditedMessage,
  securityMessage,
  undeliveredSecretMessage,
} from '../mail/templates/secret-notices.ts';
import type { ApplicationEdit } from '../applications/edit-application.ts';
import type { MessageSettings } from '../mail/render.ts';
import { noticeRecipients } from '../mail/recipients.ts';

export interface SecurityNotifierDeps {
  keycloak: KeycloakPort;
  mailer: Mailer;
  logger: Logger;
  settings: MessageSettings & { operatorEmail: string | undefined };
  /** Told of each notice that was sent or failed (the security-notices metric); not of those with no recipient. */
  onOutcome?: (outcome: 'sent' | 'failed') => void;
}

export interface SecurityNotifier {
  /** The CredentialService `onSecretChange` listener: never throws, never waits. */
  onSecretChange: (change: SecretChange) => void;
  /** Tells an application's managers that an operator changed it: never throws, never waits. */
  onApplicationEdit: (edit: ApplicationEdit) => void;
  /** The ManagerAssignment `onManagerChange` listener: never throws, never waits. */
  onManagerChange: (change: ManagerChangeNotice) => void;
  /** Resolves when every notice started so far has been sent or has failed (tests, shutdown). */
  idle(): Promise<void>;
}

/**
 * The person added or removed (with a verified email) and every manager now; the operator address when that
 * leaves nobody else, so a change is never seen only by the person it concerns.
 */
async function managerChangeRecipients(
  deps: SecurityNotifierDeps,
  change: ManagerChangeNotice,
): Promise<string[]> {
  const managers = await noticeRecipients(deps.keycloak, change.clientUuid, deps.settings.operatorEmail);
  const { email, emailVerified } = change.subject;
  const subject = emailVerified && email !== undefined && email !== '' ? [email] : [];
  const others = managers.to.filter((address) => !subject.includes(address));
  const fallback = deps.settings.operatorEmail;
  const rest = others.length === 0 && fallback !== undefined ? [fallback] : others;
  return [...new Set([...subject, ...rest])];
}

function messageOf(change: SecretChange, settings: MessageSettings) {
  const { kind, edit } = change;
  const common = { clientId: change.clientId, secret: change.secret, actor: change.actor, at: change.at };
  if (kind === 'edited')
    return secretEditedMessage(
      { ...common, previousName: edit?.previousName ?? change.secret.name, changed: edit?.changed ?? [] },
      settings,
    );
  if (kind === 'undelivered-removed') return undeliveredSecretMessage(common, settings);
  return securityMessage({ ...common, kind }, settings);
}

async function sendSecretNotice(deps: SecurityNotifierDeps, change: SecretChange): Promise<boolean> {
  const recipients = await noticeRecipients(deps.keycloak, change.clientUuid, deps.settings.operatorEmail);
  if (recipients.to.length === 0) {
    deps.logger.warn({ clientId: change.clientId }, 'security notice has no recipient');
    return false;
  }
  await deps.mailer.send({ to: recipients.to, ...messageOf(change, deps.settings) });
  deps.logger.info(
    {
      clientId: change.clientId,
      secretId: change.secret.id,
      change: change.kind,
      recipients: recipients.to.length,
    },
    'security notice sent',
  );
  return true;
}

async function sendApplicationEditNotice(
  deps: SecurityNotifierDeps,
  edit: ApplicationEdit,
): Promise<boolean> {
  const recipients = await noticeRecipients(deps.keycloak, edit.clientUuid, deps.settings.operatorEmail);
  if (recipients.to.length === 0) return false;
  await deps.mailer.send({ to: recipients.to, ...applicationEditedMessage(edit, deps.settings) });
  deps.logger.info(
    { clientId: edit.clientId, change: 'application-edited', recipients: recipients.to.length },
    'application notice sent',
  );
  return true;
}

async function sendManagerChangeNotice(
  deps: SecurityNotifierDeps,
  change: ManagerChangeNotice,
): Promise<boolean> {
  const to = await managerChangeRecipients(deps, change);
  if (to.length === 0) {
    deps.logger.warn({ clientId: change.clientId }, 'manager change notice has no recipient');
    return false;
  }
  await deps.mailer.send({ to, ...managerChangeMessage(change, deps.settings) });
  deps.logger.info(
    { clientId: change.clientId, change: `manager-${change.kind}`, recipients: to.length },
    'manager change notice sent',
  );
  return true;
}

export function createSecurityNotifier(deps: SecurityNotifierDeps): SecurityNotifier {
  const inFlight = new Set<Promise<void>>();
  const inBackground = (sending: Promise<boolean>, onError: (error: unknown) => void): void => {
    const tracked = sending
      .then(
        (sent) => {
          if (sent) deps.onOutcome?.('sent');
        },
        (error: unknown) => {
          deps.onOutcome?.('failed');
          onError(error);
        },
      )
      .finally(() => {
        inFlight.delete(tracked);
      });
    inFlight.add(tracked);
  };

  return {
    onSecretChange(change) {
      inBackground(sendSecretNotice(deps, change), (error) => {
        deps.logger.error(
          { err: error, clientId: change.clientId, secretId: change.secret.id, change: change.kind },
          'security notice could not be sent',
        );
      });
    },
    onApplicationEdit(edit) {
      inBackground(sendApplicationEditNotice(deps, edit), (error) => {
        deps.logger.error({ err: error, clientId: edit.clientId }, 'application notice could not be sent');
      });
    },
    onManagerChange(change) {
      inBackground(sendManagerChangeNotice(deps, change), (error) => {
        deps.logger.error(
          { err: error, clientId: change.clientId, change: `manager-${change.kind}` },
          'manager change notice could not be sent',
        );
      });
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
