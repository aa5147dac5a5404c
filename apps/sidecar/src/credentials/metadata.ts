// credman's own record of an application's secrets, stored by the application store as the client attribute
// `credman.secrets` (store/codecs.ts, docs/architecture.md#credman-attributes). It never holds a secret value: only the 3-character hint. Times
// are epoch SECONDS, the unit of Keycloak's slot attributes, so a record and its slot compare directly.
import { z } from 'zod';
import { epochSecondsSchema } from '../store/epoch-schemas.ts';

/** How many ended (deleted/expired/lost) secrets the history keeps. */
export const HISTORY_LIMIT = 50;

export const actorSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
});
export type Actor = z.infer<typeof actorSchema>;

export const secretRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** What the secret is for (docs/architecture.md#credman-attributes); absent in records from before notes. */
  notes: z.string().optional(),
  hint: z.string(),
  /** Epoch seconds; equals the slot's creation-time attribute while live. */
  createdAt: epochSecondsSchema,
  createdBy: actorSchema,
  /** Epoch seconds of the last valid second (end of the chosen day in the configured zone). */
  expiresAt: epochSecondsSchema,
  /** The calendar date the manager chose. */
  expiresOn: z.string(),
  /**
   * live: in a slot and accepted by Keycloak; deleted: removed by a manager; expired: past its expiry;
   * lost: no longer in Keycloak although credman did not remove it (changed outside credman).
   */
  state: z.enum(['live', 'deleted', 'expired', 'lost']),
  endedAt: epochSecondsSchema.optional(),
  endedBy: actorSchema.optional(),
});
export type SecretRecord = z.infer<typeof secretRecordSchema>;

export const secretsDocumentSchema = z.object({
  schema: z.literal(1),
  /**
   * Incremented by every write; with `writer` it detects a concurrent writer
   * (docs/architecture.md#revision-claim).
   */
  revision: z.number().int().nonnegative(),
  /** A random id of the write that produced this revision. */
  writer: z.string(),
  /** Creation time of the placeholder credman put in the current slot when no secret is live. */
  placeholderCreatedAt: epochSecondsSchema.optional(),
  secrets: z.array(secretRecordSchema),
});
export type SecretsDocument = z.infer<typeof secretsDocumentSchema>;

export const EMPTY_DOCUMENT: SecretsDocument = { schema: 1, revision: 0, writer: '', secrets: [] };

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
