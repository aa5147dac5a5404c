// The batch claim's protocol against a scripted port (the Keycloak side is the extension's, contract-tested in
// packages/keycloak-double/src/contract/): how each outcome is judged, the follow-up calls past abandoned claims,
// what is released when a call fails, and the records-only encoding (never a slot or a secret).
import { describe, expect, it } from 'vitest';
import { epochSeconds } from '@credman/domain';
import { KeycloakRejectedError, KeycloakUnavailableError } from '../keycloak/errors.ts';
import type {
  KeycloakClient,
  KeycloakPort,
  RecordsClaim,
  RecordsClaimOutcome,
  RecordsWrite,
  RecordsWriteOutcome,
} from '../keycloak/port.ts';
import { claimBatch, writeBatch } from './batch-claim.ts';
import type { HeldClaim } from './batch-claim.ts';
import { decodeApplication, encodeRecordsOnlyChange } from './application.ts';
import type { DueSettings } from './application.ts';
import { DUE_ATTRIBUTE } from './due-attribute.ts';
import { REMINDERS_ATTRIBUTE, SECRETS_ATTRIBUTE } from './records/codecs.ts';
import { EMPTY_LEDGER } from './records/ledger.ts';

const NOW = 1_800_000_000_000;
const LEASE = 120_000;
const options = { now: () => NOW, leaseMs: LEASE, managerRole: 'credential-manager' };
const live = JSON.stringify({ writer: 'other', claimedAt: NOW - 1000 });
const abandoned = JSON.stringify({ writer: 'dead', claimedAt: NOW - LEASE - 1 });

function client(id: string, revision: number, extra: Record<string, string> = {}): KeycloakClient {
  return {
    id,
    clientId: `Partner-NL-${id}-SMC`,
    enabled: true,
    attributes: {
      [SECRETS_ATTRIBUTE]: JSON.stringify({ schema: 1, revision, writer: 'w0', secrets: [] }),
      ...extra,
    },
    defaultClientScopes: [],
    optionalClientScopes: [],
  };
}
const read = (id: string, revision: number) => ({
  id,
  secrets: { schema: 1 as const, revision, writer: 'w0', secrets: [] },
});
const managers = { direct: [], groups: [] };

/** A port answering each claim call with `answer`, recording the calls and the role deletions. */
function scripted(answer: (claims: RecordsClaim[], call: number) => RecordsClaimOutcome[]) {
  const calls: RecordsClaim[][] = [];
  const deleted: string[] = [];
  const port = {
    claimRecords: (claims: RecordsClaim[]) => {
      calls.push(claims);
      return Promise.resolve(answer(claims, calls.length - 1));
    },
    deleteClientRole: (id: string, role: string) => {
      deleted.push(`${id}/${role}`);
      return Promise.resolve(true);
    },
  } as Pick<KeycloakPort, 'claimRecords' | 'deleteClientRole'>;
  return { port, calls, deleted };
}

describe('claimBatch', () => {
  it('given one call with every outcome, then claimed, stale, gone and a live claim are settled at once, in order', async () => {
    const { port, calls } = scripted((claims) =>
      claims.map((claim): RecordsClaimOutcome => {
        if (claim.id === 'a') return { id: 'a', outcome: 'claimed', client: client('a', 4), managers };
        if (claim.id === 'b') return { id: 'b', outcome: 'stale-read' };
        if (claim.id === 'c') return { id: 'c', outcome: 'gone' };
        return { id: claim.id, outcome: 'taken', description: live };
      }),
    );
    const results = await claimBatch(port, [read('a', 4), read('b', 0), read('c', 1), read('d', 2)], options);
    expect(results.map((r) => [r.id, r.kind, 'reason' in r ? r.reason : ''])).toEqual([
      ['a', 'claimed', ''],
      ['b', 'busy', 'stale-read'],
      ['c', 'gone', ''],
      ['d', 'busy', 'held'],
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.map((c) => [c.id, c.readRevision, c.revision])).toEqual([
      ['a', 4, 5],
      ['b', 0, 1],
      ['c', 1, 2],
      ['d', 2, 3],
    ]);
    // The description is write-claim.ts's: who claimed and when, on this sidecar's clock.
    const description = JSON.parse(calls[0]?.[0]?.description ?? '{}') as {
      writer: string;
      claimedAt: number;
    };
    expect(description.claimedAt).toBe(NOW);
    const [a] = results;
    expect(a?.kind === 'claimed' && a.writer).toBe(description.writer);
    expect(a?.kind === 'claimed' && a.obsolete).toEqual([4]);
  });

  it('given abandoned claims, then only those go into one follow-up call with the next revision, the skipped one obsolete', async () => {
    const { port, calls } = scripted((claims, call) =>
      claims.map((claim): RecordsClaimOutcome =>
        claim.id === 'x' && call === 0
          ? { id: 'x', outcome: 'taken', description: abandoned }
          : claim.id === 'y' && call === 0
            ? { id: 'y', outcome: 'taken' } // no readable description: abandoned too
            : { id: claim.id, outcome: 'claimed', client: client(claim.id, 0), managers },
      ),
    );
    const results = await claimBatch(port, [read('x', 2), read('y', 0), read('z', 0)], options);
    expect(calls.map((claims) => claims.map((c) => `${c.id}@${String(c.revision)}`))).toEqual([
      ['x@3', 'y@1', 'z@1'],
      ['x@4', 'y@2'],
    ]);
    expect(results.map((r) => (r.kind === 'claimed' ? [r.id, r.revision, r.obsolete] : r.kind))).toEqual([
      ['x', 4, [2, 3]],
      ['y', 2, [1]],
      ['z', 1, []],
    ]);
  });

  it('given abandoned claims again and again, then after MAX_TAKEOVERS follow-ups the application is busy', async () => {
    const { port, calls } = scripted((claims) =>
      claims.map((claim): RecordsClaimOutcome => ({
        id: claim.id,
        outcome: 'taken',
        description: abandoned,
      })),
    );
    expect(await claimBatch(port, [read('x', 0)], options)).toEqual([
      { kind: 'busy', id: 'x', reason: 'held' },
    ]);
    expect(calls.map((claims) => claims[0]?.revision)).toEqual([1, 2, 3, 4]); // as claimNextRevision's 4 creates
  });

  it('given a follow-up call refused (the extension gone), then the claims already held are released and it throws', async () => {
    const { port, deleted } = scripted((claims, call) => {
      if (call > 0) throw new KeycloakRejectedError('gone');
      return claims.map((claim): RecordsClaimOutcome =>
        claim.id === 'x'
          ? { id: 'x', outcome: 'taken', description: abandoned }
          : { id: claim.id, outcome: 'claimed', client: client(claim.id, 0), managers },
      );
    });
    await expect(claimBatch(port, [read('x', 0), read('z', 7)], options)).rejects.toThrow(
      KeycloakRejectedError,
    );
    expect(deleted).toEqual(['z/credman.revision.8']);
  });

  it('given an answer for other applications than asked, then it throws and releases what it holds', async () => {
    const { port } = scripted(() => [{ id: 'other', outcome: 'gone' }]);
    await expect(claimBatch(port, [read('a', 0)], options)).rejects.toThrow(KeycloakUnavailableError);
  });
});

const due: DueSettings = {
  rule: () => NOW + 86_400_000,
  zone: 'Europe/Amsterdam',
  undeliveredWindowMs: LEASE,
};

describe('writeBatch', () => {
  const held: HeldClaim = { id: 'a', writer: 'me', revision: 5, obsolete: [4] };
  const fresh = decodeApplication(client('a', 4));
  const ledger = { schema: 1 as const, secrets: { s1: [{ id: 'before-42', sentAt: epochSeconds(1) }] } };

  function writing(
    answer: (writes: RecordsWrite[]) => Promise<RecordsWriteOutcome[]>,
    after?: KeycloakClient,
  ) {
    const deleted: string[] = [];
    const port = {
      writeRecords: answer,
      getClient: () => Promise.resolve(after),
      deleteClientRole: (id: string, role: string) => {
        deleted.push(`${id}/${role}`);
        return Promise.resolve(true);
      },
    } as Pick<KeycloakPort, 'writeRecords' | 'getClient' | 'deleteClientRole'>;
    return { port, deleted };
  }

  it('given claimed writes, then one call carries only credman attributes at the claimed revision by this writer', async () => {
    let sent: RecordsWrite[] = [];
    const { port } = writing((writes) => {
      sent = writes;
      return Promise.resolve(writes.map((w) => ({ id: w.id, outcome: 'written' as const })));
    });
    expect(await writeBatch(port, [{ claim: held, fresh, ledger }], { nowMs: NOW, due })).toEqual([
      { id: 'a', outcome: 'written' },
    ]);
    expect(sent).toHaveLength(1);
    const [write] = sent;
    expect(write).toMatchObject({ id: 'a', revision: 5, writer: 'me', obsolete: [4] });
    expect(Object.keys(write?.attributes ?? {}).sort()).toEqual(
      [DUE_ATTRIBUTE, REMINDERS_ATTRIBUTE, SECRETS_ATTRIBUTE].sort(),
    );
    expect(JSON.parse(write?.attributes[SECRETS_ATTRIBUTE] ?? '{}')).toMatchObject({
      revision: 5,
      writer: 'me',
    });
  });

  it('given a write that may still land, then every claim stays held (nothing released)', async () => {
    const { port, deleted } = writing(() => Promise.reject(new KeycloakUnavailableError('timeout')));
    const [outcome] = await writeBatch(port, [{ claim: held, fresh, ledger }], { nowMs: NOW, due });
    expect(outcome?.outcome).toBe('failed');
    expect(deleted).toEqual([]);
  });

  it('given a write that certainly failed, then a claim whose write did not land is released', async () => {
    const refused = new KeycloakUnavailableError('503', { mayStillLand: false });
    const { port, deleted } = writing(() => Promise.reject(refused), client('a', 4));
    expect(await writeBatch(port, [{ claim: held, fresh, ledger }], { nowMs: NOW, due })).toEqual([
      { id: 'a', outcome: 'failed', error: refused },
    ]);
    expect(deleted).toEqual(['a/credman.revision.5']);
  });

  it('given a write that failed yet landed, then it counts as written and its obsolete claims go', async () => {
    const landed = client('a', 5);
    landed.attributes[SECRETS_ATTRIBUTE] = JSON.stringify({
      schema: 1,
      revision: 5,
      writer: 'me',
      secrets: [],
    });
    const { port, deleted } = writing(() => Promise.reject(new KeycloakRejectedError('gone')), landed);
    expect(await writeBatch(port, [{ claim: held, fresh, ledger }], { nowMs: NOW, due })).toEqual([
      { id: 'a', outcome: 'written' },
    ]);
    expect(deleted).toEqual(['a/credman.revision.4']);
  });
});

describe('encodeRecordsOnlyChange', () => {
  it('given an application with secret slots, then it writes the ledger, the records and the due index only', () => {
    const application = decodeApplication({
      ...client('a', 3, {
        'client.secret.rotated': 'rotated-value',
        'client.secret.creation.time': '1700000000',
      }),
      secret: 'current-value',
    });
    const { attributes } = encodeRecordsOnlyChange(application, EMPTY_LEDGER, {
      revision: 4,
      writer: 'w',
      nowMs: NOW,
      due,
    });
    expect(Object.keys(attributes).sort()).toEqual(
      [DUE_ATTRIBUTE, REMINDERS_ATTRIBUTE, SECRETS_ATTRIBUTE].sort(),
    );
    expect(JSON.stringify(attributes)).not.toMatch(/current-value|rotated-value/);
    expect(attributes[DUE_ATTRIBUTE]).not.toBe('');
  });
});
