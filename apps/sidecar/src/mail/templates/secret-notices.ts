// The security notices about one secret, to the application's managers: created or deleted, edited, and
// removed because nobody received it.
import { toSeconds } from '@credman/domain';
import type { EditableSecretField } from '../../credentials/secret-edit.ts';
import { formatInstant, render } from '../render.ts';
import type { MessageSettings, RenderedMessage } from '../render.ts';
import {
  consoleLink,
  FOOTER,
  hintText,
  notesRows,
  personText,
  secretRows,
  securityClosing,
} from './parts.ts';
import type { SecretNoticeInput } from './parts.ts';

/** The notice to an application's managers that a secret was created or deleted. */
export function securityMessage(
  input: SecretNoticeInput & { kind: 'created' | 'deleted' },
  settings: MessageSettings,
): RenderedMessage {
  const { kind, clientId, secret, actor } = input;
  const who = personText(actor);
  const verb = kind === 'created' ? 'created' : 'deleted';
  return render(
    `Secret "${secret.name}" ${verb} ${kind === 'created' ? 'for' : 'from'} ${clientId}`,
    [
      {
        kind: 'paragraph',
        text: `${who} ${verb} the client secret "${secret.name}" of the application ${clientId}.`,
      },
      {
        kind: 'facts',
        rows: [
          ...secretRows(clientId, secret),
          [
            kind === 'created' ? 'Valid until' : 'Was valid until',
            formatInstant(secret.expiresAt, settings.zone),
          ],
          [kind === 'created' ? 'Created by' : 'Deleted by', who],
          [
            kind === 'created' ? 'Created at' : 'Deleted at',
            formatInstant(toSeconds(input.at), settings.zone),
          ],
        ],
      },
      ...securityClosing(clientId, settings),
    ],
    settings,
  );
}

const EDITED_FIELD_TEXT: Record<EditableSecretField, string> = { name: 'name', notes: 'notes' };

/** The notice to the other managers that a secret's name or notes changed. */
export function secretEditedMessage(
  input: SecretNoticeInput & { previousName: string; changed: readonly EditableSecretField[] },
  settings: MessageSettings,
): RenderedMessage {
  const { clientId, secret, previousName, actor } = input;
  const who = personText(actor);
  const what = input.changed.map((field) => EDITED_FIELD_TEXT[field]).join(' and ');
  return render(
    `Secret "${previousName}" of ${clientId} edited`,
    [
      {
        kind: 'paragraph',
        text: `${who} changed the ${what} of the client secret "${previousName}" of the application ${clientId}. The secret itself did not change: systems using it are not affected.`,
      },
      {
        kind: 'facts',
        rows: [
          ['Application (client ID)', clientId],
          ...(previousName !== secret.name ? ([['Name before', previousName]] as [string, string][]) : []),
          ['Secret', secret.name],
          ...(secret.notes === undefined && input.changed.includes('notes')
            ? ([['Notes', 'none (removed)']] as [string, string][])
            : notesRows(secret)),
          ['Starts with', hintText(secret.hint)],
          ['Valid until', formatInstant(secret.expiresAt, settings.zone)],
          ['Edited by', who],
          ['Edited at', formatInstant(toSeconds(input.at), settings.zone)],
        ],
      },
      ...securityClosing(clientId, settings),
    ],
    settings,
  );
}

/**
 * The notice to an application's managers that credman removed a secret nobody received: its create answered
 * an error to the person who asked, yet Keycloak stored it later (docs/architecture.md#writes-that-land-late).
 */
export function undeliveredSecretMessage(
  input: SecretNoticeInput,
  settings: MessageSettings,
): RenderedMessage {
  const { clientId, secret } = input;
  // `actor` asked for the secret; `at` is when credman removed it.
  const who = personText(input.actor);
  return render(
    `Secret "${secret.name}" of ${clientId} removed: nobody received it`,
    [
      {
        kind: 'paragraph',
        text: `${who} asked for the client secret "${secret.name}" of the application ${clientId} and was told it failed, but Keycloak stored it later. Nobody has its value, so credman removed it; it no longer works.`,
      },
      {
        kind: 'facts',
        rows: [
          ['Application (client ID)', clientId],
          ['Secret', secret.name],
          ['Starts with', hintText(secret.hint)],
          ['Asked for by', who],
          ['Removed at', formatInstant(toSeconds(input.at), settings.zone)],
        ],
      },
      {
        kind: 'paragraph',
        text: 'Nothing needs doing unless a secret is still missing: create it again in the console.',
      },
      consoleLink(settings, clientId),
      FOOTER,
    ],
    settings,
  );
}
