// The notices about an application itself: an operator changed its description or permissions, or its
// credential managers.
import { toSeconds } from '@credman/domain';
import { formatInstant, render } from '../render.ts';
import type { MessageSettings, RenderedMessage } from '../render.ts';
import { applicationLink, consoleLink, FOOTER, personText } from './parts.ts';
import type { ChangeFacts } from './parts.ts';

/** The notice to an application's managers that an operator changed its description or permissions. */
export function applicationEditedMessage(
  input: ChangeFacts & {
    changed: readonly ('description' | 'permissions')[];
    description: string | null;
    permissions: { before: readonly string[]; after: readonly string[] };
  },
  settings: MessageSettings,
): RenderedMessage {
  const { clientId, permissions } = input;
  const who = personText(input.actor);
  const what = input.changed.join(' and ');
  const permissionRows: [string, string][] = input.changed.includes('permissions')
    ? [
        ['Permissions before', permissions.before.join(', ') || 'none'],
        ['Permissions now', permissions.after.join(', ') || 'none'],
      ]
    : [];
  return render(
    `${clientId}: ${what} changed`,
    [
      {
        kind: 'paragraph',
        text: `${who} changed the ${what} of the application ${clientId}. Its secrets did not change.`,
      },
      {
        kind: 'facts',
        rows: [
          ['Application (client ID)', clientId],
          ...(input.changed.includes('description')
            ? ([['Description', input.description ?? 'none (removed)']] as [string, string][])
            : []),
          ...permissionRows,
          ['Changed by', who],
          ['Changed at', formatInstant(toSeconds(input.at), settings.zone)],
        ],
      },
      ...(input.changed.includes('permissions')
        ? [
            {
              kind: 'paragraph' as const,
              text: 'Tokens issued from now on carry the new permissions in their scope; tokens issued before keep theirs until they expire.',
            },
          ]
        : []),
      consoleLink(settings, clientId),
      FOOTER,
    ],
    settings,
  );
}

/**
 * The notice of a manager added or removed, to that person and the application's other managers: who changed
 * whose rights, when. Managers can create secrets, so an unexpected change is a security matter.
 */
export function managerChangeMessage(
  input: ChangeFacts & {
    kind: 'added' | 'removed';
    subject: { username: string; name: string };
  },
  settings: MessageSettings,
): RenderedMessage {
  const { kind, clientId } = input;
  const who = personText(input.actor);
  const whom = personText(input.subject);
  const sentence =
    kind === 'added'
      ? `${who} made ${whom} a credential manager of the application ${clientId}. Credential managers can create and delete its client secrets.`
      : `${who} removed ${whom} as a credential manager of the application ${clientId}.`;
  return render(
    `${whom} ${kind === 'added' ? 'added as manager of' : 'removed as manager of'} ${clientId}`,
    [
      { kind: 'paragraph', text: sentence },
      {
        kind: 'facts',
        rows: [
          ['Application (client ID)', clientId],
          [kind === 'added' ? 'Manager added' : 'Manager removed', whom],
          ['Changed by', who],
          ['Changed at', formatInstant(toSeconds(input.at), settings.zone)],
        ],
      },
      {
        kind: 'paragraph',
        text: 'If you do not know about this change, check the application in the console and tell your security contact.',
      },
      {
        kind: 'link',
        label: 'Open the application in the console',
        href: applicationLink(settings.publicUrl, clientId),
      },
      {
        kind: 'paragraph',
        text: 'You receive this mail because you manage this application in credman or were just added or removed. credman never sends secret values by mail.',
      },
    ],
    settings,
  );
}
