import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { DEMO_IMPORT_FILE } from './demo-realm.ts';
import { demoCodes } from './demo-totp.ts';

describe('demo TOTP codes', () => {
  it('given the demo realm, then olivia, alice and bob get the code of their stored key; nora has none', () => {
    const at = Date.parse('2027-03-01T10:00:10Z');
    const codes = demoCodes(readFileSync(DEMO_IMPORT_FILE, 'utf8'), at);
    expect(codes.map((c) => c.username).sort()).toEqual(['alice', 'bob', 'olivia']);
    // alice's key as keycloak-realm/README.md documents it, computed independently here.
    const alice = generateSync({
      secret: new TextEncoder().encode('credman-demo-alice12'),
      epoch: at / 1000,
      period: 30,
      digits: 6,
      algorithm: 'sha1',
    });
    expect(codes.find((c) => c.username === 'alice')).toEqual({
      username: 'alice',
      code: alice,
      secondsLeft: 20,
    });
  });
});
