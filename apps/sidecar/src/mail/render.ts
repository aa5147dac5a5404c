// The mail renderer: a message is a list of parts, rendered once as plain text and once as HTML with every
// value escaped, under one layout (the `[credman]` subject prefix, the support contact at the foot). The
// wording of each mail is its template's (templates/). A message never contains a secret value: the inputs
// only carry the 3-character hint.
import { DateTime } from 'luxon';
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

/** An instant (epoch seconds) as people read it in the configured zone, e.g. "Tuesday 30 June 2027, 23:59:59". */
export function formatInstant(seconds: number, zone: string): string {
  return DateTime.fromSeconds(seconds, { zone })
    .setLocale('en-GB')
    .toFormat("cccc d LLLL yyyy, HH:mm:ss '('ZZZZ')'");
}

/** A message body as parts, rendered once as text and once as escaped HTML. */
export type Part =
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

/** The message under credman's layout: the subject prefix, and the support contact when one is configured. */
export function render(subject: string, parts: Part[], settings: MessageSettings): RenderedMessage {
  const all = settings.support === undefined ? parts : [...parts, supportLine(settings.support)];
  return { subject: `[credman] ${subject}`, text: renderText(all), html: renderHtml(all) };
}

/** The foot of every mail when a support contact is configured: who to ask for access or help. */
function supportLine(support: SupportContact): Part {
  return { kind: 'contact', text: support.text, email: support.email };
}
