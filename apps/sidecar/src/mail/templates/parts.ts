// What several mails say alike: which secret of which application, who did it, the link to the console and
// the footer.
import { applicationPage } from '@credman/domain';
import type { Actor, SecretRecord } from '../../store/records/secrets.ts';
import { formatInstant } from '../render.ts';
import type { MessageSettings, Part } from '../render.ts';

/** The console's page of one application, as the console's own router knows it. */
export function applicationLink(publicUrl: string, clientId: string): string {
  return `${publicUrl}${applicationPage.to({ clientId })}`;
}

/** How a secret's hint is shown: the start of a value that goes on. */
export function hintText(hint: string): string {
  return `${hint}…`;
}

export const FOOTER: Part = {
  kind: 'paragraph',
  text: 'You receive this mail because you manage this application in credman. credman never sends secret values by mail.',
};

export function secretFacts(clientId: string, secret: SecretRecord, settings: MessageSettings): Part {
  return {
    kind: 'facts',
    rows: [...secretRows(clientId, secret), ['Valid until', formatInstant(secret.expiresAt, settings.zone)]],
  };
}

/** The notes row of a secret's facts, when it has notes (one paragraph by the domain's rule). */
export function notesRows(secret: { notes?: string | undefined }): [string, string][] {
  return secret.notes !== undefined && secret.notes !== '' ? [['Notes', secret.notes]] : [];
}

/** Which secret of which application: the first rows of every secret's facts. */
export function secretRows(
  clientId: string,
  secret: { name: string; notes?: string | undefined; hint: string },
): [string, string][] {
  return [
    ['Application (client ID)', clientId],
    ['Secret', secret.name],
    ...notesRows(secret),
    ['Starts with', hintText(secret.hint)],
  ];
}

/** Every notice of a change says which application, who made the change and when. */
export interface ChangeFacts {
  clientId: string;
  actor: Actor;
  /** Epoch milliseconds of the change. */
  at: number;
}

export interface SecretNoticeInput extends ChangeFacts {
  secret: { name: string; notes?: string | undefined; hint: string; expiresAt: number };
}

/** "Full Name (username)", or the username alone. */
export function personText(person: { username: string; name: string }): string {
  return person.name !== '' && person.name !== person.username
    ? `${person.name} (${person.username})`
    : person.username;
}

export function consoleLink(settings: MessageSettings, clientId: string): Part {
  return {
    kind: 'link',
    label: 'Open the application in the console',
    href: applicationLink(settings.publicUrl, clientId),
  };
}

/** The end of every security notice: what to do about an unknown change, the link, the footer. */
export function securityClosing(clientId: string, settings: MessageSettings): Part[] {
  return [
    {
      kind: 'paragraph',
      text: 'If you do not know about this change, check the application in the console and tell your security contact.',
    },
    consoleLink(settings, clientId),
    FOOTER,
  ];
}
