// The undelivered marks' rules on their own (docs/architecture.md#writes-that-land-late), with Keycloak's client
// roles as a map: when a live secret counts as never delivered, what a read costs, and what a sweep drops.
// The service's behaviour under real faults is in credential-service.faults.test.ts.
import { describe, expect, it } from 'vitest';
import { secretsDocumentSchema } from '../store/records/secrets.ts';
import type { SecretRecord, SecretsDocument } from '../store/records/secrets.ts';
import { UNDELIVERED_MARK_WINDOW_MS, UndeliveredSecrets, undeliveredRoleName } from './undelivered.ts';

const CLIENT = 'client-uuid';
const START = Date.UTC(2027, 0, 10, 9);
const alice = { id: 'u-alice', username: 'alice', name: 'Alice' };

/** Keycloak's roles of one client, counting the calls made. */
function fakeKeycloak() {
  const roles = new Map<string, string | undefined>();
  const calls: string[] = [];
  return {
    roles,
    calls,
    createClientRole: (_client: string, name: string, description?: string) => {
      calls.push('create');
      if (roles.has(name)) return Promise.reject(new Error('409'));
      roles.set(name, description);
      return Promise.resolve();
    },
    getClientRole: (_client: string, name: string) => {
      calls.push('get');
      return Promise.resolve(roles.has(name) ? { name, description: roles.get(name) } : undefined);
    },
    deleteClientRole: (_client: string, name: string) => {
      calls.push('delete');
      return Promise.resolve(roles.delete(name));
    },
    listClientRoles: (_client: string, search: string, max: number) => {
      calls.push('list');
      const found = [...roles]
        .filter(([name]) => name.includes(search))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .slice(0, max)
        .map(([name, description]) => ({ name, description }));
      return Promise.resolve(found);
    },
  };
}

function record(id: string, state: SecretRecord['state'] = 'live'): unknown {
  const createdAt = START / 1000;
  return {
    id,
    name: id,
    hint: 'abc',
    createdAt,
    createdBy: alice,
    expiresAt: createdAt + 86_400,
    expiresOn: '2027-01-11',
    state,
  };
}

function application(...records: unknown[]): { id: string; secrets: SecretsDocument } {
  return {
    id: CLIENT,
    secrets: secretsDocumentSchema.parse({ schema: 1, revision: 1, writer: 'w', secrets: records }),
  };
}

describe('undelivered marks', () => {
  it('a marked live secret counts as undelivered only once its mark is older than the window', async () => {
    const keycloak = fakeKeycloak();
    let now = START;
    const marks = new UndeliveredSecrets(keycloak, () => now);
    await marks.mark(CLIENT, 's1');
    const app = application(record('s1'));
    expect(await marks.find(app)).toBeUndefined();
    now += UNDELIVERED_MARK_WINDOW_MS - 1;
    expect(await marks.find(app)).toBeUndefined();
    now += 1;
    expect((await marks.find(app))?.id).toBe('s1');
  });

  it('a live secret seen without its mark is remembered as delivered: later reads ask Keycloak nothing', async () => {
    const keycloak = fakeKeycloak();
    const marks = new UndeliveredSecrets(keycloak, () => START);
    const app = application(record('s1'), record('s2'));
    expect(await marks.find(app)).toBeUndefined();
    expect(keycloak.calls).toEqual(['get', 'get']);
    await marks.find(app);
    await marks.find(app);
    expect(keycloak.calls).toEqual(['get', 'get']);
  });

  it('the replica that cleared a mark never asks about that secret', async () => {
    const keycloak = fakeKeycloak();
    const marks = new UndeliveredSecrets(keycloak, () => START);
    const markedAt = await marks.mark(CLIENT, 's1');
    await marks.clear(CLIENT, 's1', markedAt);
    expect(await marks.find(application(record('s1')))).toBeUndefined();
    expect(keycloak.calls).toEqual(['create', 'delete']);
  });

  it('a mark of an older version ({givenUpAt}) counts from that time; an unreadable one from the secret creation', async () => {
    const keycloak = fakeKeycloak();
    const marks = new UndeliveredSecrets(keycloak, () => START + UNDELIVERED_MARK_WINDOW_MS);
    keycloak.roles.set(undeliveredRoleName('old'), JSON.stringify({ givenUpAt: START + 1 }));
    keycloak.roles.set(undeliveredRoleName('bad'), 'not json');
    expect(await marks.find(application(record('old')))).toBeUndefined();
    expect((await marks.find(application(record('bad'))))?.id).toBe('bad');
  });

  it('a sweep lists the marks once per interval and drops those past the window whose secret is not live', async () => {
    const keycloak = fakeKeycloak();
    let now = START;
    const marks = new UndeliveredSecrets(keycloak, () => now);
    for (const id of ['never-landed', 'deleted', 'live']) await marks.mark(CLIENT, id);
    const app = application(record('live'), record('deleted', 'deleted'));
    expect(await marks.inspect(app)).toEqual({ found: undefined, stale: [] });
    now += UNDELIVERED_MARK_WINDOW_MS;
    keycloak.calls.length = 0;
    // Within the listing interval: only the live secret is asked about.
    expect((await marks.inspect(app)).stale).toEqual([]);
    expect(keycloak.calls).toEqual(['get']);
    const restarted = new UndeliveredSecrets(keycloak, () => now);
    const inspection = await restarted.inspect(app);
    expect(inspection.found?.id).toBe('live');
    expect(inspection.stale.sort()).toEqual(['deleted', 'never-landed']);
  });

  it('a full page of marks proves no absence: the live secrets are then asked about one by one', async () => {
    const keycloak = fakeKeycloak();
    const now = START + UNDELIVERED_MARK_WINDOW_MS;
    const marks = new UndeliveredSecrets(keycloak, () => now);
    for (let i = 0; i < 100; i++)
      keycloak.roles.set(undeliveredRoleName(`a${String(i).padStart(3, '0')}`), '{"markedAt":0}');
    // Sorted after the hundred others, so the listing leaves it out.
    keycloak.roles.set(undeliveredRoleName('z-live'), JSON.stringify({ markedAt: START }));
    const inspection = await marks.inspect(application(record('z-live')));
    expect(inspection.found?.id).toBe('z-live');
    expect(inspection.stale).toHaveLength(100);
  });

  it('a mark whose delete landed unanswered while Keycloak went away still counts at the replica that answered 503, and is made again', async () => {
    const keycloak = fakeKeycloak();
    let now = START;
    const marks = new UndeliveredSecrets(keycloak, () => now);
    const markedAt = await marks.mark(CLIENT, 's1');
    // The node applies the delete but the answer never arrives, and it is gone when the mark is made again.
    let reachable = true;
    keycloak.deleteClientRole = (_client, name) => {
      keycloak.roles.delete(name);
      reachable = false;
      return Promise.reject(new Error('socket hang up'));
    };
    const createClientRole = keycloak.createClientRole;
    keycloak.createClientRole = (client, name, description) =>
      reachable ? createClientRole(client, name, description) : Promise.reject(new Error('ECONNREFUSED'));
    await expect(marks.clear(CLIENT, 's1', markedAt)).rejects.toThrow();
    expect(keycloak.roles.has(undeliveredRoleName('s1'))).toBe(false);
    // Keycloak is back: within the window the secret may still be in flight elsewhere, after it, it is found.
    reachable = true;
    const app = application(record('s1'));
    expect(await marks.find(app)).toBeUndefined();
    expect(JSON.parse(keycloak.roles.get(undeliveredRoleName('s1')) ?? '{}')).toEqual({ markedAt });
    now += UNDELIVERED_MARK_WINDOW_MS;
    expect((await marks.find(app))?.id).toBe('s1');
    // Another replica sees the mark made again, with its first time.
    expect((await new UndeliveredSecrets(keycloak, () => now).inspect(app)).found?.id).toBe('s1');
  });

  it('a replica that could not make a mark again finds it on its sweep too', async () => {
    const keycloak = fakeKeycloak();
    const now = START + UNDELIVERED_MARK_WINDOW_MS;
    const marks = new UndeliveredSecrets(keycloak, () => now);
    keycloak.deleteClientRole = () => Promise.reject(new Error('socket hang up'));
    keycloak.createClientRole = () => Promise.reject(new Error('ECONNREFUSED'));
    await expect(marks.clear(CLIENT, 's1', START)).rejects.toThrow();
    expect((await marks.inspect(application(record('s1')))).found?.id).toBe('s1');
  });
});
