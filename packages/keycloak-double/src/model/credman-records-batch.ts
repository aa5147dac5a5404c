// The bodies of credman's batch endpoints (feature `records-batch`, keycloak-extension/README.md) as the
// extension's BatchRequest.java parses them: every check before anything is read or changed, one message per
// refusal (never repeating a value from the body), and the two readings the endpoints decide on (the stored
// `credman.secrets` revision, a claim role's writer). Pure: nothing here touches the model.

export const MAX_BATCH_ITEMS = 100;
/** KEYCLOAK_ROLE.NAME / DESCRIPTION and CLIENT_ATTRIBUTES.NAME are VARCHAR(255). */
export const MAX_BATCH_NAME = 255;
/** JavaScript's largest exact integer, the bound BatchRequest.java puts on a revision. */
const MAX_REVISION = Number.MAX_SAFE_INTEGER;
export const SECRETS_ATTRIBUTE = 'credman.secrets';
export const CLAIM_ROLE_PREFIX = 'credman.revision.';

export interface BatchClaim {
  id: string;
  readRevision: number;
  revision: number;
  description: string;
}

export interface BatchWrite {
  id: string;
  revision: number;
  writer: string;
  /** "" removes one. */
  attributes: Record<string, string>;
  obsolete: number[];
}

/** A malformed body: 400 `invalid_request` with this message, nothing changed. */
export class InvalidBatch extends Error {
  override name = 'InvalidBatch';
}

export const claimRoleName = (revision: number): string => `${CLAIM_ROLE_PREFIX}${String(revision)}`;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function root(body: string): Json {
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? undefined : JSON.parse(body);
  } catch {
    throw new InvalidBatch('the body is not JSON');
  }
  if (!isObject(parsed)) throw new InvalidBatch('the body is not a JSON object');
  return parsed;
}

function items(body: Json, field: 'claims' | 'writes'): unknown[] {
  const list = body[field];
  if (!Array.isArray(list)) throw new InvalidBatch(`'${field}' must be a list`);
  if (list.length === 0) throw new InvalidBatch(`'${field}' must not be empty`);
  if (list.length > MAX_BATCH_ITEMS)
    throw new InvalidBatch(`at most ${String(MAX_BATCH_ITEMS)} ${field} per call`);
  return list;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_BATCH_NAME)
    throw new InvalidBatch(`${what} must be a string of 1 to ${String(MAX_BATCH_NAME)} characters`);
  return value;
}

function revision(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_REVISION)
    throw new InvalidBatch(`${what} must be a non-negative integer`);
  return value;
}

function distinct(ids: string[]): void {
  if (new Set(ids).size !== ids.length) throw new InvalidBatch('an id appears twice');
}

export function parseClaims(body: string): { managerRole: string; claims: BatchClaim[] } {
  const parsed = root(body);
  const managerRole = text(parsed.managerRole, "'managerRole'");
  const claims = items(parsed, 'claims').map((item): BatchClaim => {
    if (!isObject(item)) throw new InvalidBatch('each claim is an object');
    const id = text(item.id, "a claim's 'id'");
    const readRevision = revision(item.readRevision, "a claim's 'readRevision'");
    const claimed = revision(item.revision, "a claim's 'revision'");
    if (claimed <= readRevision)
      throw new InvalidBatch("a claim's 'revision' must be above its 'readRevision'");
    const description = text(item.description, "a claim's 'description'");
    return { id, readRevision, revision: claimed, description };
  });
  distinct(claims.map((claim) => claim.id));
  return { managerRole, claims };
}

function attributes(value: unknown): Record<string, string> {
  if (!isObject(value)) throw new InvalidBatch("a write's 'attributes' must be an object");
  const parsed: Record<string, string> = {};
  for (const [name, attribute] of Object.entries(value)) {
    // Only credman's own attributes: the endpoint can never touch a secret slot or anything else.
    if (!name.startsWith('credman.') || name.length > MAX_BATCH_NAME)
      throw new InvalidBatch(
        `a write's attribute names must start with 'credman.' (at most ${String(MAX_BATCH_NAME)} characters)`,
      );
    if (typeof attribute !== 'string') throw new InvalidBatch("a write's attribute values must be strings");
    parsed[name] = attribute;
  }
  return parsed;
}

function obsolete(value: unknown, below: number): number[] {
  if (!Array.isArray(value)) throw new InvalidBatch("a write's 'obsolete' must be a list");
  if (value.length > MAX_BATCH_ITEMS)
    throw new InvalidBatch(`a write's 'obsolete' holds at most ${String(MAX_BATCH_ITEMS)} revisions`);
  const lower: number[] = [];
  for (const entry of value) {
    const parsed = revision(entry, "an 'obsolete' revision");
    if (parsed >= below)
      throw new InvalidBatch("an 'obsolete' revision must be below the write's 'revision'");
    if (!lower.includes(parsed)) lower.push(parsed);
  }
  return lower;
}

export function parseWrites(body: string): BatchWrite[] {
  const writes = items(root(body), 'writes').map((item): BatchWrite => {
    if (!isObject(item)) throw new InvalidBatch('each write is an object');
    const id = text(item.id, "a write's 'id'");
    const written = revision(item.revision, "a write's 'revision'");
    if (written < 1) throw new InvalidBatch("a write's 'revision' must be at least 1");
    const writer = text(item.writer, "a write's 'writer'");
    const parsed = attributes(item.attributes);
    const secrets = parsed[SECRETS_ATTRIBUTE];
    if (secrets === undefined || storedRevision(secrets) !== written)
      throw new InvalidBatch("a write's 'credman.secrets' must carry its 'revision'");
    return { id, revision: written, writer, attributes: parsed, obsolete: obsolete(item.obsolete, written) };
  });
  distinct(writes.map((write) => write.id));
  return writes;
}

/**
 * The revision of a stored `credman.secrets`: 0 when absent, undefined when it is not JSON with a non-negative
 * integer `revision` (damaged: never overwritten, docs/architecture.md#damaged-metadata).
 */
export function storedRevision(attribute: string | undefined): number | undefined {
  if (attribute === undefined || attribute === '') return 0;
  try {
    const parsed: unknown = JSON.parse(attribute);
    if (!isObject(parsed)) return undefined;
    const value = parsed.revision;
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The `writer` of a claim role's description `{"writer":…,"claimedAt":…}`, undefined if not that. */
export function claimWriter(description: string | undefined): string | undefined {
  if (description === undefined || description === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(description);
    return isObject(parsed) && typeof parsed.writer === 'string' ? parsed.writer : undefined;
  } catch {
    return undefined;
  }
}
