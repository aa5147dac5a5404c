import { createHash } from 'node:crypto';
import { epochSeconds } from '@credman/domain';
import { describe, expect, it } from 'vitest';
import type { SecretRecord, SecretsDocument } from './secrets.ts';
import {
  RETIRED_KEEP_SECONDS,
  digestSecret,
  digestWithSalt,
  parseRetired,
  retireDigests,
} from './retired-secrets.ts';

const actor = { id: 'u', username: 'u', name: 'U' };
const VALUE = 'x'.repeat(48);

function record(id: string, extra: Partial<SecretRecord> = {}): SecretRecord {
  return {
    id,
    name: id,
    hint: 'xxx',
    createdAt: epochSeconds(100),
    createdBy: actor,
    expiresAt: epochSeconds(10_000),
    expiresOn: '',
    state: 'live',
    ...extra,
  };
}
const doc = (secrets: SecretRecord[]): SecretsDocument => ({ schema: 1, revision: 1, writer: 'w', secrets });

describe('the digest of a secret value', () => {
  it('is base64url SHA-256 of the salt bytes then the UTF-8 value, as the extension computes it', () => {
    const salt = Buffer.from('0123456789abcdef');
    const expected = createHash('sha256')
      .update(Buffer.concat([salt, Buffer.from(VALUE, 'utf8')]))
      .digest('base64url');
    expect(digestWithSalt(VALUE, salt)).toEqual({ salt: salt.toString('base64url'), sha256: expected });
  });

  it('is salted with 16 random bytes: the same value never gives the same digest twice', () => {
    const a = digestSecret(VALUE);
    const b = digestSecret(VALUE);
    expect(Buffer.from(a.salt, 'base64url')).toHaveLength(16);
    expect(a.sha256).not.toBe(b.sha256);
    expect(JSON.stringify(a)).not.toContain(VALUE);
  });
});

describe('retireDigests: what a write stores', () => {
  const digest = digestSecret(VALUE);

  it('given a live secret, then its digest stays in its record and the attribute is untouched', () => {
    const live = record('a', { digest });
    expect(retireDigests(doc([live]), undefined, 500)).toEqual({
      document: doc([live]),
      attribute: undefined,
    });
  });

  it('given a secret that ended, then its entry moves to the attribute until a year after, and leaves the record', () => {
    const ended = record('a', { digest, state: 'deleted', endedAt: epochSeconds(400) });
    const { document, attribute } = retireDigests(doc([ended]), undefined, 500);
    expect(document.secrets[0]?.digest).toBeUndefined();
    expect(JSON.parse(attribute ?? '')).toEqual({
      v: 1,
      secrets: [{ id: 'a', salt: digest.salt, sha256: digest.sha256, until: 400 + RETIRED_KEEP_SECONDS }],
    });
  });

  it('given entries past their time, then a later write prunes them ("" removes the attribute)', () => {
    const raw = JSON.stringify({ v: 1, secrets: [{ id: 'old', salt: 's', sha256: 'h', until: 499 }] });
    expect(retireDigests(doc([]), raw, 500).attribute).toBe('');
    const kept = JSON.stringify({ v: 1, secrets: [{ id: 'old', salt: 's', sha256: 'h', until: 500 }] });
    expect(retireDigests(doc([]), kept, 500).attribute).toBeUndefined();
  });

  it('given an attribute that is not what credman writes, then it is left alone and the digests stay', () => {
    const ended = record('a', { digest, state: 'expired', endedAt: epochSeconds(400) });
    expect(parseRetired('{nope')).toBeUndefined();
    expect(retireDigests(doc([ended]), '{nope', 500)).toEqual({
      document: doc([ended]),
      attribute: undefined,
    });
  });

  it('given more entries than the extension reads, then the newest 100 are kept, newest first', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({
      id: `e${String(i)}`,
      salt: 's',
      sha256: 'h',
      until: 1000 + i,
    }));
    const ended = record('a', { digest, state: 'deleted', endedAt: epochSeconds(400) });
    const { attribute } = retireDigests(doc([ended]), JSON.stringify({ v: 1, secrets: many }), 500);
    const entries = (JSON.parse(attribute ?? '') as { secrets: { id: string }[] }).secrets;
    expect(entries).toHaveLength(100);
    expect(entries[0]?.id).toBe('a');
    expect(entries.map((e) => e.id)).not.toContain('e0');
  });
});
