// The wording of every mail credman sends: expiry reminders (with the "newer secret exists" variant), the
// "expired" notice, security notices on create/delete and on manager changes, and the operator's weekly digest. Each message has a
// plain-text and an HTML body built from the same parts; HTML gets every value escaped. A message never
// contains a secret value: the inputs only carry the 3-character hint.
import { DateTime } from 'luxon';
import { toSeconds } from '@credman/domain';
import type { ReminderNotice } from '@credman/domain';
import type { Actor, SecretRecord } from '../store/records/secrets.ts';
import type { EditableSecretField } from '../credentials/secret-edit.ts';
import type { SupportContact } from '../config.ts';
import { escapeHtml } from './html.ts';

export interface MessageSettings {
  /** The console's external URL without trailing slash. */
  publicUrl: string;
  /** IANA zone in which dates are shown (the zone secrets expire in). */
  zone: string;
  /** Who to ask for access or help, at the foot of every mail (CREDMAN_SUPPORT_EMAIL, CREDMAN_SUPPORT_TEXT); none when undefined. */
  support?: SupportContact | undefined;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** The SPA's page of one application. */
export function applicationLink(publicUrl: string, clientId: string): string {
  return `${publicUrl}/applications/${encodeURIComponent(clientId)}`;
}

/** An instant (epoch seconds) as people read it in the configured zone, e.g. "Tuesday 30 June 2027, 23:59:59". */
export function formatInstant(seconds: number, zone: string): string {
  return DateTime.fromSeconds(seconds, { zone })
    .setLocale('en-GB')
    .toFormat("cccc d LLLL yyyy, HH:mm:ss '('ZZZZ')'");
}

function hintText(hint: string): string {
  return `${hint}…`;
}

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

/** A message body as parts, rendered once as text and once as escaped HTML. */
type Part =
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'link'; label: string; href: string }
  | { kind: 'steps'; title: string; steps: string[] }
  | { kind: 'list'; title: string; items: { text: string; href: string }[] }
  | { kind: 'contact'; text: string; email: string };

function renderText(parts: Part[]): string {
  const blocks = parts.map((part) => {
    switch (part.kind) {
      case 'paragraph':
        return part.text;
      case 'facts': {
        const width = Math.max(...part.rows.map(([label]) => label.length)) + 1;
        return part.rows.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`).join('\n');
      }
      case 'link':
        return `${part.label}: ${part.href}`;
      case 'steps':
        return [part.title, ...part.steps.map((step, index) => `  ${String(index + 1)}. ${step}`)].join('\n');
      case 'list':
        return [part.title, ...part.items.map((item) => `  - ${item.text}: ${item.href}`)].join('\n');
      case 'contact':
        return `${part.text} ${part.email}`;
    }
  });
  return `${blocks.join('\n\n')}\n`;
}

function renderHtml(parts: Part[]): string {
  const blocks = parts.map((part) => {
    switch (part.kind) {
      case 'paragraph':
        return `<p>${escapeHtml(part.text)}</p>`;
      case 'facts':
        return `<table>${part.rows
          .map(
            ([label, value]) =>
              `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
          )
          .join('')}</table>`;
      case 'link':
        return `<p><a href="${escapeHtml(part.href)}">${escapeHtml(part.label)}</a></p>`;
      case 'steps':
        return `<p>${escapeHtml(part.title)}</p><ol>${part.steps.map((step) => `<li>${escapeHtml(step)}</li>`).join('')}</ol>`;
      case 'list':
        return `<p>${escapeHtml(part.title)}</p><ul>${part.items
          .map((item) => `<li><a href="${escapeHtml(item.href)}">${escapeHtml(item.text)}</a></li>`)
          .join('')}</ul>`;
      case 'contact':
        return `<p>${escapeHtml(part.text)} <a href="mailto:${escapeHtml(part.email)}">${escapeHtml(part.email)}</a></p>`;
    }
  });
  return `<!doctype html><html><body>${blocks.join('\n')}</body></html>`;
}

function render(subject: string, parts: Part[], settings: MessageSettings): RenderedMessage {
  const all = settings.support === undefined ? parts : [...parts, supportLine(settings.support)];
  return { subject: `[credman] ${subject}`, text: renderText(all), html: renderHtml(all) };
}

/** The foot of every mail when a support contact is configured: who to ask for access or help. */
function supportLine(support: SupportContact): Part {
  return { kind: 'contact', text: support.text, email: support.email };
}

const FOOTER: Part = {
  kind: 'paragraph',
  text: 'You receive this mail because you manage this application in credman. credman never sends secret values by mail.',
};

function secretFacts(clientId: string, secret: SecretRecord, settings: MessageSettings): Part {
  return {
    kind: 'facts',
    rows: [...secretRows(clientId, secret), ['Valid until', formatInstant(secret.expiresAt, settings.zone)]],
  };
}

/** The notes row of a secret's facts, when it has notes (one paragraph by the domain's rule). */
function notesRows(secret: { notes?: string | undefined }): [string, string][] {
  return secret.notes !== undefined && secret.notes !== '' ? [['Notes', secret.notes]] : [];
}

/** Which secret of which application: the first rows of every secret's facts. */
function secretRows(
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

/** What a notice about one secret of an application says: which, who and when. */
/** Every notice of a change says which application, who made the change and when. */
interface ChangeFacts {
  clientId: string;
  actor: Actor;
  /** Epoch milliseconds of the change. */
  at: number;
}

export interface SecretNoticeInput extends ChangeFacts {
  secret: { name: string; notes?: string; hint: string; expiresAt: number };
}

/** "Full Name (username)", or the username alone. */
function personText(person: { username: string; name: string }): string {
  return person.name !== '' && person.name !== person.username
    ? `${person.name} (${person.username})`
    : person.username;
}

function consoleLink(settings: MessageSettings, clientId: string): Part {
  return {
    kind: 'link',
    label: 'Open the application in the console',
    href: applicationLink(settings.publicUrl, clientId),
  };
}

/** The end of every security notice: what to do about an unknown change, the link, the footer. */
function securityClosing(clientId: string, settings: MessageSettings): Part[] {
  return [
    {
      kind: 'paragraph',
      text: 'If you do not know about this change, check the application in the console and tell your security contact.',
    },
    consoleLink(settings, clientId),
    FOOTER,
  ];
}

/** An expiry reminder or the "expired" notice for one secret. */
export function reminderMessage(input: ReminderInput, settings: MessageSettings): RenderedMessage {
  const link = consoleLink(settings, input.clientId);
  return input.notice.kind === 'expired'
    ? expiredMessage(input, settings, link)
    : expiringMessage(input, input.notice.daysLeft, settings, link);
}

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

export interface UnderstaffedApplication {
  clientId: string;
  managers: number;
}

/** The operator's weekly list of applications with fewer than two managers. */
export function digestMessage(
  input: { week: string; applications: readonly UnderstaffedApplication[] },
  settings: MessageSettings,
): RenderedMessage {
  const count = input.applications.length;
  return render(
    `Week ${input.week}: ${String(count)} application${count === 1 ? '' : 's'} with fewer than 2 managers`,
    [
      {
        kind: 'paragraph',
        text: 'These applications depend on one person or on nobody: when their secret expires, nobody else can rotate it. Assign a second credential manager.',
      },
      {
        kind: 'list',
        title: `Applications (${String(count)}):`,
        items: input.applications.map((application) => ({
          text: `${application.clientId}: ${application.managers === 0 ? 'no manager' : '1 manager'}`,
          href: applicationLink(settings.publicUrl, application.clientId),
        })),
      },
      {
        kind: 'paragraph',
        text: "You receive this mail because you are credman's operator contact. It is sent once a week.",
      },
    ],
    settings,
  );
}

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
