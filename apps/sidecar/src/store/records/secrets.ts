// credman's own record of an application's secrets, stored by the application store as the client attribute
// `credman.secrets` (codecs.ts, docs/architecture.md#credman-attributes). It never holds a secret value: only the
// 3-character hint. Times are epoch SECONDS, the unit of Keycloak's slot attributes, so a record and its slot
// compare directly.
import { z } from 'zod';
import { epochSecondsSchema } from './epoch.ts';

export const actorSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
});
export type Actor = z.infer<typeof actorSchema>;

/** Salt and SHA-256(salt ‖ UTF-8 value), both base64url: the contract with credman's Keycloak extension. */
export const secretDigestSchema = z.object({ salt: z.string(), sha256: z.string() });
export type SecretDigest = z.infer<typeof secretDigestSchema>;

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
  /**
   * A one-way digest of the value, kept while the secret is live (retired-secrets.ts): when it ends,
   * the digest moves to the client attribute `credman.retired` in the same PUT and leaves this record. Never in
   * any view, log, mail or audit entry.
   */
  digest: secretDigestSchema.optional(),
  /** A manager confirmed that the application's systems use this secret (the rotation guide's "confirm"). */
  useConfirmed: z.object({ at: epochSecondsSchema, by: actorSchema }).optional(),
  /** Refused token requests that presented this secret after it ended (credentials/retired-use.ts). */
  retiredUse: z
    .object({
      firstAt: epochSecondsSchema,
      lastAt: epochSecondsSchema,
      count: z.number().int().positive(),
      addresses: z.array(z.string()),
      /** Epoch milliseconds of the newest event counted: events at or before it are not counted again. */
      lastEventMs: z.number().int().nonnegative(),
      /** When it was last reported (audit entry and mail to the managers): at most once a day. */
      reportedAt: epochSecondsSchema.optional(),
      /** The first refused request not reported yet (epoch seconds); absent when all are reported. */
      pendingSince: epochSecondsSchema.optional(),
      /** How many refused requests are not reported yet. */
      pendingCount: z.number().int().nonnegative().optional(),
      /** The addresses of those, newest first. */
      pendingAddresses: z.array(z.string()).optional(),
    })
    .optional(),
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
