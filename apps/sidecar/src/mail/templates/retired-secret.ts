// The notice that a system still presents an ended secret of the application.
import { formatInstant, render } from '../render.ts';
import type { MessageSettings, RenderedMessage } from '../render.ts';
import { consoleLink, FOOTER, hintText } from './parts.ts';

/** What an ended secret's end is called in a mail. */
const ENDED_WORD: Record<'deleted' | 'expired' | 'lost', string> = {
  deleted: 'deleted',
  expired: 'expired',
  lost: 'removed',
};

/**
 * The notice to an application's managers that a system still presents one of its ended secrets: Keycloak
 * refused it (docs/architecture.md#retired-secrets-presented-again). At most one a day per secret.
 */
export function retiredSecretPresentedMessage(
  input: {
    clientId: string;
    secret: { name: string; hint: string; state: 'deleted' | 'expired' | 'lost' };
    /** Refused token requests since the last notice; epoch seconds. */
    count: number;
    since: number;
    last: number;
    addresses: string[];
  },
  settings: MessageSettings,
): RenderedMessage {
  const { clientId, secret, count, addresses } = input;
  const ended = ENDED_WORD[secret.state];
  const where =
    addresses.length === 0
      ? 'A system'
      : addresses.length === 1
        ? `A system at ${addresses[0] ?? ''}`
        : `Systems at ${addresses.join(', ')}`;
  const presents = addresses.length > 1 ? 'still present' : 'still presents';
  const requests = `${String(count)} refused token ${count === 1 ? 'request' : 'requests'}`;
  return render(
    `${clientId}: a system still presents the ${ended} secret "${secret.name}"`,
    [
      {
        kind: 'paragraph',
        text: `${where} ${presents} the ${ended} secret "${secret.name}" (${hintText(secret.hint)}) of the application ${clientId}: ${requests} since ${formatInstant(input.since, settings.zone)}. Keycloak refuses it; update that system to the current secret.`,
      },
      {
        kind: 'facts',
        rows: [
          ['Application (client ID)', clientId],
          ['Secret', secret.name],
          ['Starts with', hintText(secret.hint)],
          ['Refused token requests', String(count)],
          ['First', formatInstant(input.since, settings.zone)],
          ['Latest', formatInstant(input.last, settings.zone)],
          ['From', addresses.length === 0 ? 'unknown' : addresses.join(', ')],
        ],
      },
      {
        kind: 'paragraph',
        text: 'If none of your systems should hold that secret any more, someone else may: tell your security contact.',
      },
      consoleLink(settings, clientId),
      FOOTER,
    ],
    settings,
  );
}
