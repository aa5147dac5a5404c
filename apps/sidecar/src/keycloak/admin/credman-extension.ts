// credman's own extension resource, `/admin/realms/{realm}/credman/...` (keycloak-extension/README.md): what the
// extension offers (`info`), the clients without secret values (`clients`), and the batch claim and conditional
// write of credman's records (`claims`, `records`). On stock Keycloak all are 404.
import type {
  ExtensionInfo,
  KeycloakClient,
  KeycloakPort,
  ManagerHolders,
  RecordsClaim,
  RecordsClaimOutcome,
  RecordsWrite,
  RecordsWriteOutcome,
} from '../port.ts';
import { KeycloakUnavailableError } from '../errors.ts';
import { unlessNotFound } from './error-mapping.ts';
import type { AdminContext } from './context.ts';
import type { AdminCall } from './resilient-call.ts';
import { toClient, toExtensionInfo, toUser, withoutSecretValues } from './representations.ts';
import type { RawClient, RawUser } from './representations.ts';

type RawOutcome = Record<string, unknown>;

/** The answer's outcomes, one per item and in order (each naming its item's id), else a broken answer. */
function outcomesOf(body: unknown, ids: string[], what: string): RawOutcome[] {
  const outcomes = (body as { outcomes?: unknown } | null)?.outcomes;
  if (
    !Array.isArray(outcomes) ||
    outcomes.length !== ids.length ||
    outcomes.some((outcome, index) => (outcome as RawOutcome | null)?.id !== ids[index])
  )
    throw new KeycloakUnavailableError(`${what} answered no outcome per item`);
  return outcomes as RawOutcome[];
}

function users(raw: unknown): ReturnType<typeof toUser>[] {
  return Array.isArray(raw) ? (raw as RawUser[]).map(toUser) : [];
}

function managerHolders(raw: unknown): ManagerHolders {
  const holders = (raw ?? {}) as { direct?: unknown; groups?: unknown };
  const groups = Array.isArray(holders.groups)
    ? (holders.groups as { id?: unknown; path?: unknown; members?: unknown }[])
    : [];
  return {
    direct: users(holders.direct),
    groups: groups.map((group) => ({
      id: typeof group.id === 'string' ? group.id : '',
      path: typeof group.path === 'string' ? group.path : '',
      members: users(group.members),
    })),
  };
}

function toClaimOutcome(raw: RawOutcome, id: string): RecordsClaimOutcome {
  switch (raw.outcome) {
    case 'claimed':
      // The extension sends no secret value; dropping them again keeps that true whatever answered.
      return {
        id,
        outcome: 'claimed',
        client: withoutSecretValues(toClient(raw.client as RawClient)),
        managers: managerHolders(raw.managers),
      };
    case 'taken':
      return {
        id,
        outcome: 'taken',
        description: typeof raw.description === 'string' ? raw.description : undefined,
      };
    case 'stale-read':
    case 'gone':
      return { id, outcome: raw.outcome };
    default:
      throw new KeycloakUnavailableError('credman/claims answered an unknown outcome');
  }
}

function toWriteOutcome(raw: RawOutcome, id: string): RecordsWriteOutcome {
  if (raw.outcome === 'written' || raw.outcome === 'not-claimed' || raw.outcome === 'gone')
    return { id, outcome: raw.outcome };
  throw new KeycloakUnavailableError('credman/records answered an unknown outcome');
}

export class CredmanExtensionResource implements Pick<
  KeycloakPort,
  'extensionInfo' | 'claimRecords' | 'writeRecords'
> {
  readonly #call: AdminCall;
  readonly #getJson: (path: string) => Promise<unknown>;
  readonly #sendJson: AdminContext['sendJson'];

  constructor(context: AdminContext) {
    this.#call = context.call;
    this.#getJson = context.getJson;
    this.#sendJson = context.sendJson;
  }

  /**
   * `POST …/credman/claims` (keycloak-extension/README.md): creates claim roles, so never retried (a claim that
   * may have landed is held for its lease, as a single claim is). 404 (the extension is gone) and 400 are
   * KeycloakRejectedError through the error mapping.
   */
  claimRecords(claims: RecordsClaim[], managerRole: string): Promise<RecordsClaimOutcome[]> {
    return this.#call(
      'credman claims',
      async () => {
        const body = await this.#sendJson('POST', '/credman/claims', { managerRole, claims });
        const ids = claims.map((claim) => claim.id);
        return outcomesOf(body, ids, 'credman/claims').map((raw, index) =>
          toClaimOutcome(raw, ids[index] ?? ''),
        );
      },
      false,
    );
  }

  /** `PUT …/credman/records`: conditional writes, never retried (a write that may have landed is for the lease). */
  writeRecords(writes: RecordsWrite[]): Promise<RecordsWriteOutcome[]> {
    return this.#call(
      'credman records',
      async () => {
        const body = await this.#sendJson('PUT', '/credman/records', { writes });
        const ids = writes.map((write) => write.id);
        return outcomesOf(body, ids, 'credman/records').map((raw, index) =>
          toWriteOutcome(raw, ids[index] ?? ''),
        );
      },
      false,
    );
  }

  extensionInfo(): Promise<ExtensionInfo> {
    return this.#call(
      'credman extension',
      () =>
        unlessNotFound(async () => toExtensionInfo(await this.#getJson('/credman/info')), {
          present: false,
        } as const),
      true,
    );
  }

  /**
   * `GET …/credman/clients` (keycloak-extension/README.md): clients without secret values; undefined when the
   * extension is gone (404) since it was last seen, so the caller falls back to the stock list.
   */
  async secretFreeClients(
    query: ({ search: string } | { dueBy: string; after?: string }) & { first: number; max: number },
  ): Promise<KeycloakClient[] | undefined> {
    const params = new URLSearchParams(
      Object.entries(query).map(([name, value]) => [name, String(value)] as [string, string]),
    );
    const found = await unlessNotFound(
      () => this.#getJson(`/credman/clients?${params.toString()}`),
      undefined,
    );
    if (found === undefined) return undefined;
    if (!Array.isArray(found)) throw new KeycloakUnavailableError('credman/clients answered no list');
    // The extension sends no secret value; dropping them again keeps that true whatever answered.
    return (found as RawClient[]).map((raw) => withoutSecretValues(toClient(raw)));
  }
}
