// What the rotation use cases read off a secrets document (the record itself is store/records/secrets.ts): which
// secrets are live, and how much history a write keeps. Pure.
import type { SecretRecord, SecretsDocument } from '../store/records/secrets.ts';

/** How many ended (deleted/expired/lost) secrets the history keeps. */
export const HISTORY_LIMIT = 50;

export function liveSecrets(document: SecretsDocument): SecretRecord[] {
  return document.secrets.filter((s) => s.state === 'live');
}

/** Keeps every live secret and the newest HISTORY_LIMIT ended ones. */
export function trimHistory(secrets: SecretRecord[]): SecretRecord[] {
  const live = secrets.filter((s) => s.state === 'live');
  const ended = secrets
    .filter((s) => s.state !== 'live')
    .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))
    .slice(0, HISTORY_LIMIT);
  return [...live, ...ended];
}
