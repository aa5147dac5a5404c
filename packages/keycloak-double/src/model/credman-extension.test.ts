// The double's model of credman.retired must read the attribute exactly as the extension's RetiredSecrets does
// (keycloak-extension/src/test/java/dev/credman/keycloak/RetiredSecretsTest.java states the same cases).
import { describe, expect, it } from 'vitest';
import type { ClientModel } from './types.ts';
import { MAX_RETIRED_ENTRIES, matchRetired, parseRetired, retiredSecretDigest } from './credman-extension.ts';

const SALT = Buffer.alloc(16, 1);
const SALT_TEXT = SALT.toString('base64url');
const SHA = retiredSecretDigest(SALT, 'pässwörd').toString('base64url');
const UNTIL = 2_000_000_000;

const entry = (id: string, salt = SALT_TEXT, sha = SHA, until: unknown = UNTIL) => ({
  id,
  salt,
  sha256: sha,
  until,
});
const attribute = (...secrets: unknown[]) => JSON.stringify({ v: 1, secrets });
const client = (value: string) =>
  ({ attributes: new Map([['credman.retired', value]]) }) as unknown as ClientModel;

describe('credman.retired as the extension reads it', () => {
  it('given the vector the extension tests, then the digest is SHA-256 of salt then UTF-8 value', () => {
    expect(SHA).toBe('-pyfBrC3BAdbsVfS4yYhaj1ybwA3AqlfN-c8X6tWP20');
  });

  it('given a live matching entry, then its id; past its until, none', () => {
    const retired = client(attribute(entry('a', SALT_TEXT, SHA, UNTIL)));
    expect(matchRetired(retired, 'pässwörd', UNTIL)).toBe('a');
    expect(matchRetired(retired, 'pässwörd', UNTIL + 1)).toBeUndefined();
    expect(matchRetired(retired, 'other', 0)).toBeUndefined();
  });

  it.each([
    '',
    'not json',
    '[]',
    'null',
    '{}',
    '{"v":2,"secrets":[]}',
    '{"v":"1","secrets":[]}',
    '{"v":1}',
    '{"v":1,"secrets":{}}',
    '{"v":1,"secrets":[',
    '{"v":1,"secrets":[1,"x",null]}',
  ])('given the malformed attribute %j, then no entries', (value) => {
    expect(parseRetired(value)).toEqual([]);
  });

  it('given malformed entries beside a good one, then only the good one is kept', () => {
    const entries = parseRetired(
      attribute(
        entry(''),
        entry('short-salt', Buffer.alloc(15).toString('base64url')),
        entry('bad-base64', '!!!'),
        entry('short-digest', SALT_TEXT, SALT_TEXT),
        { id: 'no-until', salt: SALT_TEXT, sha256: SHA },
        entry('text-until', SALT_TEXT, SHA, '1'),
        { id: 7, salt: SALT_TEXT, sha256: SHA, until: 1 },
        entry('good', `${SALT_TEXT}==`, `${SHA}=`),
      ),
    );
    expect(entries.map((e) => e.id)).toEqual(['good']);
  });

  it('given more than the limit, then only the first MAX_RETIRED_ENTRIES are read', () => {
    const many = Array.from({ length: MAX_RETIRED_ENTRIES + 5 }, (_, i) => entry(`e${String(i)}`));
    expect(parseRetired(attribute(...many))).toHaveLength(MAX_RETIRED_ENTRIES);
  });
});
