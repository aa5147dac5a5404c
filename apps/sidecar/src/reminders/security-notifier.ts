// Security notices (docs/architecture.md#security-notices): after a secret was created or deleted, every
// manager of the application gets a mail saying who did it, when, and which secret (name and hint, never the
// value); after an edit of its name or notes, the other managers do. The listener returns at once and sends in the background: the change already happened, and a slow or
// failing SMTP server must neither delay nor fail it. Failures are logged.
import type { KeycloakPort } from '../keycloak/port.ts';
import type { SecretChange } from '../credentials/credential-service.ts';
import type { Logger } from '../logging.ts';
import type { Mailer } from '../mail/mailer.ts';
import { secretEditedMessage, securityMessage } from '../mail/messages.ts';
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
  /** Resolves when every notice started so far has been sent or has failed (tests, shutdown). */
  idle(): Promise<void>;
}

export function createSecurityNotifier(deps: SecurityNotifierDeps): SecurityNotifier {
  const inFlight = new Set<Promise<void>>();

  const messageOf = (change: SecretChange) => {
    const { kind, edit } = change;
    const common = { clientId: change.clientId, secret: change.secret, actor: change.actor, at: change.at };
    if (kind === 'edited')
      return secretEditedMessage(
        { ...common, previousName: edit?.previousName ?? change.secret.name, changed: edit?.changed ?? [] },
        deps.settings,
      );
    return securityMessage({ ...common, kind }, deps.settings);
  };

  const notify = async (change: SecretChange): Promise<void> => {
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
    await deps.mailer.send({ to: recipients.to, ...messageOf(change) });
    deps.logger.info(
      {
        clientId: change.clientId,
        secretId: change.secret.id,
        change: change.kind,
        recipients: recipients.to.length,
      },
      'security notice sent',
    );
  };

  return {
    onSecretChange(change) {
      const sending = notify(change)
        .catch((error: unknown) => {
          deps.logger.error(
            { err: error, clientId: change.clientId, secretId: change.secret.id, change: change.kind },
            'security notice could not be sent',
          );
        })
        .finally(() => {
          inFlight.delete(sending);
        });
      inFlight.add(sending);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
