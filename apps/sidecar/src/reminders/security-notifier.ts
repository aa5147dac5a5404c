// Security notices (docs/architecture.md#security-notices): after a secret was created or deleted, every
// manager of the application gets a mail saying who did it, when, and which secret (name and hint, never the
// value); after an edit of its name or notes, the other managers do. The listener returns at once and sends in the background: the change already happened, and a slow or
// failing SMTP server must neither delay nor fail it. Failures are logged.
import type { KeycloakPort } from '../keycloak/port.ts';
import type { SecretChange } from '../credentials/credential-service.ts';
import type { Logger } from '../logging.ts';
import type { Mailer } from '../mail/mailer.ts';
import { applicationEditedMessage, secretEditedMessage, securityMessage } from '../mail/messages.ts';
import type { ApplicationEdit } from '../applications/edit-application.ts';
import type { MessageSettings } from '../mail/messages.ts';
import { noticeRecipients, otherManagerRecipients } from './recipients.ts';

export interface SecurityNotifierDeps {
  keycloak: KeycloakPort;
  mailer: Mailer;
  logger: Logger;
  settings: MessageSettings & { operatorEmail: string | undefined };
}

export interface SecurityNotifier {
  /** The CredentialService `onSecretChange` listener: never throws, never waits. */
  onSecretChange: (change: SecretChange) => void;
  /** Tells an application's managers that an operator changed it: never throws, never waits. */
  onApplicationEdit: (edit: ApplicationEdit) => void;
  /** Resolves when every notice started so far has been sent or has failed (tests, shutdown). */
  idle(): Promise<void>;
}

function messageOf(change: SecretChange, settings: MessageSettings) {
  const { kind, edit } = change;
  const common = { clientId: change.clientId, secret: change.secret, actor: change.actor, at: change.at };
  if (kind === 'edited')
    return secretEditedMessage(
      { ...common, previousName: edit?.previousName ?? change.secret.name, changed: edit?.changed ?? [] },
      settings,
    );
  return securityMessage({ ...common, kind }, settings);
}

async function notifySecretChange(deps: SecurityNotifierDeps, change: SecretChange): Promise<void> {
  const recipients =
    change.kind === 'edited'
      ? await otherManagerRecipients(deps.keycloak, change.clientUuid, change.actor.id)
      : await noticeRecipients(deps.keycloak, change.clientUuid, deps.settings.operatorEmail);
  if (recipients.to.length === 0) {
    // Nobody besides the editor manages the application: nobody else needs telling.
    if (change.kind !== 'edited')
      deps.logger.warn({ clientId: change.clientId }, 'security notice has no recipient');
    return;
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
}

async function notifyApplicationEdit(deps: SecurityNotifierDeps, edit: ApplicationEdit): Promise<void> {
  const recipients = await noticeRecipients(deps.keycloak, edit.clientUuid, deps.settings.operatorEmail);
  if (recipients.to.length === 0) return;
  await deps.mailer.send({ to: recipients.to, ...applicationEditedMessage(edit, deps.settings) });
  deps.logger.info(
    { clientId: edit.clientId, change: 'application-edited', recipients: recipients.to.length },
    'application notice sent',
  );
}

export function createSecurityNotifier(deps: SecurityNotifierDeps): SecurityNotifier {
  const inFlight = new Set<Promise<void>>();
  const track = (sending: Promise<void>) => {
    const tracked = sending.finally(() => {
      inFlight.delete(tracked);
    });
    inFlight.add(tracked);
  };

  return {
    onApplicationEdit(edit) {
      track(
        notifyApplicationEdit(deps, edit).catch((error: unknown) => {
          deps.logger.error({ err: error, clientId: edit.clientId }, 'application notice could not be sent');
        }),
      );
    },
    onSecretChange(change) {
      track(
        notifySecretChange(deps, change).catch((error: unknown) => {
          deps.logger.error(
            { err: error, clientId: change.clientId, secretId: change.secret.id, change: change.kind },
            'security notice could not be sent',
          );
        }),
      );
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
