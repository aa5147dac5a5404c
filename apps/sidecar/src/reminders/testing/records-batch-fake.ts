// A stand-in for the extension's `records-batch` calls (keycloak-extension/README.md), for the reminder run's
// batch tests: `claimRecords` and `writeRecords` made of the port's stock calls, item by item, with the
// outcomes the contract gives (docs/architecture.md#revision-claim's roles, so it competes correctly with a
// per-application writer), `records-batch` added to `extensionInfo`, each batch call counted, and hooks that
// let a test answer differently (a lost claim, a failed call). Not atomic across items as the extension is;
// each item is, as far as the stock protocol makes it.
import { KeycloakConflictError } from '../../keycloak/errors.ts';
import { EXTENSION_FEATURES } from '../../keycloak/port.ts';
import type {
  KeycloakPort,
  KeycloakUser,
  RecordsClaim,
  RecordsClaimOutcome,
  RecordsWrite,
  RecordsWriteOutcome,
} from '../../keycloak/port.ts';
import { revisionOf } from '../../store/application.ts';
import { claimRoleName } from '../../store/write-claim.ts';

export interface RecordsBatchFake<T extends KeycloakPort> {
  port: T;
  /** The batch calls made so far. */
  calls: { claims: RecordsClaim[][]; writes: RecordsWrite[][] };
  /** Replaces one write call's answer (or throws); given the stock answer it would give. */
  onWrite?:
    | ((
        writes: RecordsWrite[],
        answer: () => Promise<RecordsWriteOutcome[]>,
      ) => Promise<RecordsWriteOutcome[]>)
    | undefined;
  /** Replaces one claim call's answer (or throws). */
  onClaim?:
    | ((
        claims: RecordsClaim[],
        answer: () => Promise<RecordsClaimOutcome[]>,
      ) => Promise<RecordsClaimOutcome[]>)
    | undefined;
}

async function allUsers(read: (page: { first: number; max: number }) => Promise<KeycloakUser[]>) {
  const users: KeycloakUser[] = [];
  for (let first = 0; ; first += 100) {
    const page = await read({ first, max: 100 });
    users.push(...page);
    if (page.length < 100) return users;
  }
}

async function claimOne(
  port: KeycloakPort,
  claim: RecordsClaim,
  managerRole: string,
): Promise<RecordsClaimOutcome> {
  const { id } = claim;
  const before = await port.getClient(id);
  if (!before) return { id, outcome: 'gone' };
  if (revisionOf(before) !== claim.readRevision) return { id, outcome: 'stale-read' };
  try {
    await port.createClientRole(id, claimRoleName(claim.revision), claim.description);
  } catch (error) {
    if (!(error instanceof KeycloakConflictError)) throw error;
    const role = await port.getClientRole(id, claimRoleName(claim.revision));
    return { id, outcome: 'taken', description: role?.description };
  }
  const after = await port.getClient(id);
  if (!after || revisionOf(after) !== claim.readRevision) {
    await port.deleteClientRole(id, claimRoleName(claim.revision));
    return { id, outcome: 'stale-read' };
  }
  const [direct, groups] = await Promise.all([
    allUsers((page) => port.usersWithClientRole(id, managerRole, page)),
    port.groupsWithClientRole(id, managerRole),
  ]);
  const withMembers = await Promise.all(
    groups.map(async (group) => ({
      ...group,
      members: await allUsers((page) => port.groupMembers(group.id, page)),
    })),
  );
  const { secret: _secret, ...secretFree } = after;
  const attributes = Object.fromEntries(
    Object.entries(secretFree.attributes).filter(([name]) => !name.includes('secret.rotated')),
  );
  return {
    id,
    outcome: 'claimed',
    client: { ...secretFree, attributes },
    managers: { direct, groups: withMembers },
  };
}

async function writeOne(port: KeycloakPort, write: RecordsWrite): Promise<RecordsWriteOutcome> {
  const { id } = write;
  if (Object.keys(write.attributes).some((name) => !name.startsWith('credman.')))
    throw new Error(`not a credman attribute in ${Object.keys(write.attributes).join(', ')}`);
  const client = await port.getClient(id);
  if (!client) return { id, outcome: 'gone' };
  const role = await port.getClientRole(id, claimRoleName(write.revision));
  let writer: unknown;
  try {
    writer = (JSON.parse(role?.description ?? 'null') as { writer?: unknown } | null)?.writer;
  } catch {
    writer = undefined;
  }
  if (writer !== write.writer || revisionOf(client) >= write.revision) return { id, outcome: 'not-claimed' };
  await port.updateClient(client, { attributes: write.attributes });
  for (const revision of write.obsolete) await port.deleteClientRole(id, claimRoleName(revision));
  return { id, outcome: 'written' };
}

function checkBatch(items: readonly { id: string }[]): void {
  if (items.length === 0 || items.length > 100) throw new Error(`a batch of ${String(items.length)}`);
  if (new Set(items.map((item) => item.id)).size !== items.length)
    throw new Error('duplicate ids in a batch');
}

/** `port` with the two batch calls (made of its stock calls) and `records-batch` among its features. */
export function recordsBatchFake<T extends KeycloakPort>(port: T): RecordsBatchFake<T> {
  const fake: RecordsBatchFake<T> = { port, calls: { claims: [], writes: [] } };
  const claimRecords = (claims: RecordsClaim[], managerRole: string) => {
    checkBatch(claims);
    fake.calls.claims.push(claims);
    const answer = async () => {
      const outcomes: RecordsClaimOutcome[] = [];
      for (const claim of claims) outcomes.push(await claimOne(port, claim, managerRole));
      return outcomes;
    };
    return fake.onClaim ? fake.onClaim(claims, answer) : answer();
  };
  const writeRecords = (writes: RecordsWrite[]) => {
    checkBatch(writes);
    fake.calls.writes.push(writes);
    const answer = async () => {
      const outcomes: RecordsWriteOutcome[] = [];
      for (const write of writes) outcomes.push(await writeOne(port, write));
      return outcomes;
    };
    return fake.onWrite ? fake.onWrite(writes, answer) : answer();
  };
  const extensionInfo = async () => {
    const info = await port.extensionInfo();
    return info.present
      ? { ...info, features: [...info.features, EXTENSION_FEATURES.recordsBatch] }
      : { present: true as const, version: 'fake', features: [EXTENSION_FEATURES.recordsBatch] };
  };
  const extra: Record<PropertyKey, unknown> = { claimRecords, writeRecords, extensionInfo };
  fake.port = new Proxy(port, {
    get(target, property, receiver) {
      if (property in extra) return extra[property];
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return fake;
}
