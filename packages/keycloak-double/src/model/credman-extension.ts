// credman's Keycloak extension (keycloak-extension/README.md) as the double models it: which stored secret a
// successful client-secret authentication matched, and which retired secret a refused one presented, judged by the
// salted digests the sidecar keeps in the client attribute `credman.retired`. Nothing here writes to the model
// (the batch endpoints of `records-batch` are admin/credman-records-routes.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClientModel } from './types.ts';

export const SECRET_SLOT_DETAIL = 'credman_secret_slot';
export const RETIRED_SECRET_DETAIL = 'credman_retired_secret';
export const RETIRED_ATTRIBUTE = 'credman.retired';
/** The extension reads at most this many entries of the attribute (bounds the hashing per refused request). */
export const MAX_RETIRED_ENTRIES = 100;
export const EXTENSION_FEATURES = [
  'secret-slot-detail',
  'retired-secret-detail',
  'secret-free-clients',
  'due-index',
  'due-index-after',
  'records-batch',
] as const;
/** The next due instant the sidecar writes: epoch milliseconds, zero-padded to 13 digits (string order = time). */
export const DUE_ATTRIBUTE = 'credman.due';
const DUE_DIGITS = 13;
/** The secret slots' times `credman/clients` passes on beside credman's own attributes: values, never secrets. */
export const SECRET_TIME_ATTRIBUTES: ReadonlySet<string> = new Set([
  'client.secret.creation.time',
  'client.secret.expiration.time',
  'client.secret.rotated.creation.time',
  'client.secret.rotated.expiration.time',
]);
/** The version `credman/info` reports on the double (the real one reports its JAR's version). */
export const EXTENSION_VERSION = '0.1.0';

export type SecretSlot = 'current' | 'rotated';

interface RetiredEntry {
  id: string;
  salt: Buffer;
  sha256: Buffer;
  until: number;
}

/** SHA-256 of the salt bytes followed by the UTF-8 value: what the sidecar stores and the extension computes. */
export function retiredSecretDigest(salt: Buffer, value: string): Buffer {
  return createHash('sha256').update(salt).update(Buffer.from(value, 'utf8')).digest();
}

function base64url(value: unknown, length: number): Buffer | undefined {
  // Java's URL decoder accepts padding and rejects anything outside the base64url alphabet.
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]*={0,2}$/.test(value)) return undefined;
  const bytes = Buffer.from(value.replace(/=+$/, ''), 'base64url');
  return bytes.length === length ? bytes : undefined;
}

function entry(node: unknown): RetiredEntry | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const { id, salt, sha256, until } = node as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof until !== 'number' || !Number.isSafeInteger(until))
    return undefined;
  const saltBytes = base64url(salt, 16);
  const digest = base64url(sha256, 32);
  return saltBytes && digest ? { id, salt: saltBytes, sha256: digest, until } : undefined;
}

/** The attribute's entries; a value that is not `{"v":1,"secrets":[…]}` counts as absent, a bad entry is skipped. */
export function parseRetired(attribute: string | undefined): RetiredEntry[] {
  if (attribute === undefined || attribute === '') return [];
  let root: unknown;
  try {
    root = JSON.parse(attribute);
  } catch {
    return [];
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return [];
  const { v, secrets } = root as Record<string, unknown>;
  if (v !== 1 || !Array.isArray(secrets)) return [];
  const entries: RetiredEntry[] = [];
  for (const node of secrets) {
    if (entries.length === MAX_RETIRED_ENTRIES) break;
    const parsed = entry(node);
    if (parsed) entries.push(parsed);
  }
  return entries;
}

/** The id of the live entry (now ≤ until) whose digest matches; every live entry is hashed and compared. */
export function matchRetired(client: ClientModel, presented: string, nowSeconds: number): string | undefined {
  let matched: string | undefined;
  for (const retired of parseRetired(client.attributes.get(RETIRED_ATTRIBUTE))) {
    if (nowSeconds > retired.until) continue;
    const equal = timingSafeEqual(retired.sha256, retiredSecretDigest(retired.salt, presented));
    if (equal && matched === undefined) matched = retired.id;
  }
  return matched;
}

/** The attributes `credman/clients` shows: credman's (`credman.` prefix) and the secret slots' times, no others. */
export function secretFreeAttributes(attributes: ReadonlyMap<string, string>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of [...attributes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    if (name.startsWith('credman.') || SECRET_TIME_ATTRIBUTES.has(name)) shown[name] = value;
  return shown;
}

/** `dueBy` as the attribute stores an instant; undefined for anything but 0 ≤ ms < 10^13. */
export function padDue(ms: number): string | undefined {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms >= 10 ** DUE_DIGITS) return undefined;
  return String(ms).padStart(DUE_DIGITS, '0');
}

/** Whether the client's credman.due is a 13-digit instant at or before `dueBy`; without one it is not due. */
export function isDueBy(client: ClientModel, dueBy: number): boolean {
  const due = client.attributes.get(DUE_ATTRIBUTE);
  const bound = padDue(dueBy);
  return due !== undefined && bound !== undefined && /^\d{13}$/.test(due) && due <= bound;
}
