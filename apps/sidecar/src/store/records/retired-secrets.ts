// Digests of ended secrets, for credman's Keycloak extension (docs/architecture.md#retired-secrets-presented-again).
// A secret's record keeps a salted SHA-256 of its value from its creation; when the secret ends (deleted,
// expired, lost, removed as undelivered) the digest moves, in the same PUT, into the client attribute
// `credman.retired`, where the extension compares a refused login's presented secret with it. An entry is kept
// until a year after its secret ended and pruned by any later write. Pure, apart from the random salt.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SecretDigest, SecretRecord, SecretsDocument } from './secrets.ts';

export const RETIRED_ATTRIBUTE = 'credman.retired';
/** How long after its secret ended an entry is kept. */
export const RETIRED_KEEP_SECONDS = 366 * 86_400;
const SALT_BYTES = 16;
/** The extension reads at most this many entries, so the attribute keeps the newest this many. */
export const RETIRED_MAX_ENTRIES = 100;

/** The digest of a secret value with a salt: base64url(SHA-256(salt ‖ UTF-8 value)). */
export function digestWithSalt(value: string, salt: Buffer): SecretDigest {
  const sha256 = createHash('sha256').update(salt).update(value, 'utf8').digest('base64url');
  return { salt: salt.toString('base64url'), sha256 };
}

/** A new digest with 16 random bytes of salt, so equal values of different secrets never share a digest. */
export function digestSecret(value: string): SecretDigest {
  return digestWithSalt(value, randomBytes(SALT_BYTES));
}

const entrySchema = z.object({
  id: z.string(),
  salt: z.string(),
  sha256: z.string(),
  /** Epoch seconds. */
  until: z.number().int(),
});
export type RetiredEntry = z.infer<typeof entrySchema>;

const attributeSchema = z.object({ v: z.literal(1), secrets: z.array(entrySchema) });

/** The entries of the attribute; [] when absent; undefined when it is not what credman writes (left alone). */
export function parseRetired(raw: string | undefined): RetiredEntry[] | undefined {
  if (raw === undefined || raw === '') return [];
  try {
    const parsed = attributeSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data.secrets : undefined;
  } catch {
    return undefined;
  }
}

function ended(record: SecretRecord): record is SecretRecord & { digest: SecretDigest } {
  return record.state !== 'live' && record.digest !== undefined;
}

/**
 * What a write stores: the document without the digests of ended secrets, and the attribute's new text with
 * their entries added and expired ones pruned (undefined: unchanged, or unreadable and so left as it is).
 */
export function retireDigests(
  document: SecretsDocument,
  previousRaw: string | undefined,
  now: number,
): { document: SecretsDocument; attribute: string | undefined } {
  const previous = parseRetired(previousRaw);
  const newlyEnded = document.secrets.filter(ended);
  // An unreadable attribute is not written over, and the digests stay in the records until it is repaired.
  if (previous === undefined) return { document, attribute: undefined };
  const added: RetiredEntry[] = newlyEnded.map((record) => ({
    id: record.id,
    salt: record.digest.salt,
    sha256: record.digest.sha256,
    until: (record.endedAt ?? now) + RETIRED_KEEP_SECONDS,
  }));
  const addedIds = new Set(added.map((entry) => entry.id));
  const kept = previous.filter((entry) => entry.until >= now && !addedIds.has(entry.id));
  // Newest first, and no more than the extension reads: the secrets ended last matter most.
  const entries = [...added, ...kept].sort((a, b) => b.until - a.until).slice(0, RETIRED_MAX_ENTRIES);
  const changed = added.length > 0 || entries.length !== previous.length;
  const stripped: SecretsDocument = {
    ...document,
    secrets: document.secrets.map((record) => {
      if (!ended(record)) return record;
      const { digest: _digest, ...rest } = record;
      return rest;
    }),
  };
  if (!changed) return { document: stripped, attribute: undefined };
  return {
    document: stripped,
    attribute: entries.length === 0 ? '' : JSON.stringify({ v: 1, secrets: entries }),
  };
}
