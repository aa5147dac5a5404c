// The double reads the batch bodies and the stored values as the extension's BatchRequest does
// (keycloak-extension/src/test/java/dev/credman/keycloak/BatchRequestTest.java states the same cases).
import { describe, expect, it } from 'vitest';
import {
  InvalidBatch,
  claimWriter,
  parseClaims,
  parseWrites,
  storedRevision,
} from './credman-records-batch.ts';

const description = JSON.stringify({ writer: 'w-1', claimedAt: 1_800_000_000_000 });
const claim = (id: string, readRevision: unknown, revision: unknown) => ({
  id,
  readRevision,
  revision,
  description,
});
const claims = (...items: unknown[]) => JSON.stringify({ managerRole: 'credential-manager', claims: items });
const secrets = (revision: number) => JSON.stringify({ revision, writer: 'w-1' });
const write = (
  id: string,
  revision: number,
  attributes: Record<string, unknown>,
  obsolete: unknown = [],
) => ({
  id,
  revision,
  writer: 'w-1',
  attributes: { 'credman.secrets': secrets(revision), ...attributes },
  obsolete,
});
const writes = (...items: unknown[]) => JSON.stringify({ writes: items });

describe("the batch bodies as the extension's BatchRequest parses them", () => {
  it('given claims, then them in order', () => {
    const parsed = parseClaims(claims(claim('b', 0, 1), claim('a', 4, 6)));
    expect(parsed.managerRole).toBe('credential-manager');
    expect(parsed.claims.map((c) => [c.id, c.readRevision, c.revision])).toEqual([
      ['b', 0, 1],
      ['a', 4, 6],
    ]);
  });

  it('given a malformed claims body, then InvalidBatch', () => {
    const many = Array.from({ length: 101 }, (_, i) => claim(`c${String(i)}`, 0, 1));
    for (const body of [
      '',
      'not json',
      '[]',
      claims(),
      claims(...many),
      JSON.stringify({ claims: [claim('a', 0, 1)] }),
      claims(claim('a', -1, 1)),
      claims(claim('a', 1.5, 2)),
      claims(claim('a', '1', 2)),
      claims(claim('a', 3, 3)),
      claims(claim('', 0, 1)),
      claims(claim('a', 0, 1), claim('a', 1, 2)),
      claims({ ...claim('a', 0, 1), description: 'x'.repeat(256) }),
    ])
      expect(() => parseClaims(body), body.slice(0, 80)).toThrow(InvalidBatch);
    expect(parseClaims(claims(...many.slice(0, 100))).claims).toHaveLength(100);
  });

  it('given writes, then them, an empty value kept (it removes), obsolete revisions once', () => {
    const [parsed] = parseWrites(writes(write('a', 3, { 'credman.audit': '' }, [1, 2, 2])));
    expect(parsed).toMatchObject({ id: 'a', revision: 3, writer: 'w-1', obsolete: [1, 2] });
    expect(parsed?.attributes['credman.audit']).toBe('');
  });

  it('given a malformed writes body, then InvalidBatch whose message repeats no value', () => {
    for (const body of [
      writes(),
      writes(write('a', 3, { secret: 's3cr3t-value' })),
      writes(write('a', 3, { 'client.secret.rotated': 'x' })),
      writes(write('a', 3, { 'credman.x': 1 })),
      writes({ ...write('a', 3, {}), attributes: { 'credman.audit': 'x' } }),
      writes({ ...write('a', 3, {}), attributes: { 'credman.secrets': secrets(2) } }),
      writes(write('a', 3, {}, [3])),
      writes(write('a', 3, {}, [-1])),
      writes(write('a', 3, {}, null)),
      writes(write('a', 3, {}), write('a', 4, {})),
    ]) {
      expect(() => parseWrites(body), body.slice(0, 80)).toThrow(InvalidBatch);
      try {
        parseWrites(body);
      } catch (error) {
        expect((error as Error).message).not.toContain('s3cr3t-value');
      }
    }
  });

  it('given stored values, then the revision (0 when absent) and the writer, or nothing when unreadable', () => {
    expect(storedRevision(undefined)).toBe(0);
    expect(storedRevision('')).toBe(0);
    expect(storedRevision(JSON.stringify({ revision: 7, secrets: [] }))).toBe(7);
    for (const damaged of [
      '{"revision":"7"}',
      '{"revision":7.5}',
      '{"revision":-1}',
      '{}',
      '{"revision":7',
      '[7]',
    ])
      expect(storedRevision(damaged), damaged).toBeUndefined();
    expect(claimWriter(description)).toBe('w-1');
    expect(claimWriter(undefined)).toBeUndefined();
    expect(claimWriter('{"writer":1}')).toBeUndefined();
    expect(claimWriter('writer')).toBeUndefined();
  });
});
