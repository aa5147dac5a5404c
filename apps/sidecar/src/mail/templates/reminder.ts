// The expiry reminders of one secret: the notices before its expiry date (with the "newer secret exists"
// variant) and the "expired" notice.
import type { ReminderNotice } from '@credman/domain';
import type { SecretRecord } from '../../store/records/secrets.ts';
import { formatInstant, render } from '../render.ts';
import type { MessageSettings, Part, RenderedMessage } from '../render.ts';
import { consoleLink, FOOTER, hintText, secretFacts } from './parts.ts';

function daysLeftText(daysLeft: number): string {
  if (daysLeft <= 0) return 'today';
  if (daysLeft === 1) return 'tomorrow';
  return `in ${String(daysLeft)} days`;
}

const ROTATION_STEPS = [
  'Create a new secret for the application in the console and copy its value (it is shown only once).',
  'Put the new secret into every system that authenticates as this application.',
  'Check that those systems work with the new secret (the console shows when each secret was last used).',
  'Delete the old secret in the console.',
];

interface ReminderInput {
  clientId: string;
  secret: SecretRecord;
  notice: ReminderNotice;
  /** The live secret that outlives this one, when there is one. */
  newer: SecretRecord | undefined;
}

/** The secret has expired: what that means, and whether a newer secret keeps the application working. */
function expiredMessage(input: ReminderInput, settings: MessageSettings, link: Part): RenderedMessage {
  const { clientId, secret, newer } = input;
  const consequence: Part = newer
    ? {
        kind: 'paragraph',
        text: `The application still has the secret "${newer.name}" (starts with ${hintText(newer.hint)}), valid until ${formatInstant(newer.expiresAt, settings.zone)}. Systems that use it are not affected; any system still using the expired secret must switch to it.`,
      }
    : {
        kind: 'paragraph',
        text: 'The application has no valid secret left. Create a new one in the console and put it into every system that authenticates as this application.',
      };
  return render(
    `Secret "${secret.name}" of ${clientId} has expired`,
    [
      {
        kind: 'paragraph',
        text: `The client secret "${secret.name}" of the application ${clientId} expired at the end of ${formatInstant(secret.expiresAt, settings.zone)}. Keycloak no longer accepts it: a system still using it cannot get tokens.`,
      },
      secretFacts(clientId, secret, settings),
      consequence,
      link,
      FOOTER,
    ],
    settings,
  );
}

/** The secret expires in some days: delete it once a newer one is in use, or rotate it. */
function expiringMessage(
  input: ReminderInput,
  daysLeft: number,
  settings: MessageSettings,
  link: Part,
): RenderedMessage {
  const { clientId, secret, newer } = input;
  const when = daysLeftText(daysLeft);
  const opening: Part = {
    kind: 'paragraph',
    text: `The client secret "${secret.name}" of the application ${clientId} expires ${when}. It works until ${formatInstant(secret.expiresAt, settings.zone)}.`,
  };
  if (newer) {
    return render(
      `Secret "${secret.name}" of ${clientId} expires ${when}: delete it once the newer one is in use`,
      [
        opening,
        secretFacts(clientId, secret, settings),
        {
          kind: 'paragraph',
          text: `A newer secret exists: "${newer.name}" (starts with ${hintText(newer.hint)}), valid until ${formatInstant(newer.expiresAt, settings.zone)}. Once every system that authenticates as this application uses the newer secret, delete "${secret.name}" in the console. Until then both work.`,
        },
        link,
        FOOTER,
      ],
      settings,
    );
  }
  return render(
    `Secret "${secret.name}" of ${clientId} expires ${when}`,
    [
      opening,
      secretFacts(clientId, secret, settings),
      { kind: 'steps', title: 'Rotate it without downtime:', steps: ROTATION_STEPS },
      link,
      FOOTER,
    ],
    settings,
  );
}

/** An expiry reminder or the "expired" notice for one secret. */
export function reminderMessage(input: ReminderInput, settings: MessageSettings): RenderedMessage {
  const link = consoleLink(settings, input.clientId);
  return input.notice.kind === 'expired'
    ? expiredMessage(input, settings, link)
    : expiringMessage(input, input.notice.daysLeft, settings, link);
}
