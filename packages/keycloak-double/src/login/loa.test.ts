import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { importRealm } from '../import/import-realm.ts';
import { addLoginRealmParts } from '../contract/login-realm-parts.ts';
import { acrClaim, enforceMinimumAcr, requestedLevel } from './loa.ts';

function setup(minimum?: string) {
  const realm = importRealm(addLoginRealmParts({ realm: 'loa', enabled: true }), new ManualClock(0));
  const client = realm.clientByClientId('credman-console');
  if (!client) throw new Error('console client missing');
  if (minimum === undefined) client.attributes.delete('minimum.acr.value');
  else client.attributes.set('minimum.acr.value', minimum);
  return { realm, client };
}

describe('acr → LoA with acr.loa.map {"pwd":1,"mfa":2}', () => {
  it.each([
    // minimum, claims, acr_values, expected level, forced
    ['mfa', undefined, undefined, 2, false],
    ['mfa', undefined, 'pwd', 2, false],
    ['mfa', undefined, 'unknown', 2, false],
    [undefined, undefined, undefined, -1, false],
    [undefined, undefined, 'pwd', 1, false],
    [undefined, undefined, 'pwd mfa', 1, false],
    [undefined, undefined, '2', 2, false],
    [undefined, '{"id_token":{"acr":{"essential":true,"values":["mfa"]}}}', undefined, 2, true],
  ] as const)(
    'given minimum %s, claims %s, acr_values %s, then the requested level is %i',
    (minimum, claims, acrValues, level, forced) => {
      const { realm, client } = setup(minimum);
      expect(requestedLevel(realm, client, claims, acrValues)).toEqual({ ok: true, level, forced });
    },
  );

  it('given minimum mfa, when an essential claim asks for pwd, then the request is rejected', () => {
    const { realm, client } = setup('mfa');
    expect(
      requestedLevel(realm, client, '{"id_token":{"acr":{"essential":true,"values":["pwd"]}}}', undefined).ok,
    ).toBe(false);
  });

  it('given an essential acr that maps to nothing, then the request is rejected', () => {
    const { realm, client } = setup();
    expect(
      requestedLevel(realm, client, '{"id_token":{"acr":{"essential":true,"value":"gold"}}}', undefined).ok,
    ).toBe(false);
  });

  it('given a minimum that cannot be mapped, then it is not enforced', () => {
    const { realm, client } = setup('platinum');
    expect(enforceMinimumAcr(realm, client, ['pwd'])).toEqual(['pwd']);
  });

  it.each([
    // minimum, achieved level, sso, acr_values, expected claim
    ['mfa', 2, false, undefined, 'mfa'],
    [undefined, 1, false, undefined, 'pwd'],
    [undefined, 2, false, 'pwd', 'pwd'],
    [undefined, 2, false, undefined, 'mfa'],
    [undefined, 0, true, undefined, '0'],
  ] as const)(
    'given minimum %s and level %i (sso %s, acr_values %s), then the acr claim is %s',
    (minimum, loa, sso, acrValues, expected) => {
      const { realm, client } = setup(minimum);
      expect(acrClaim(realm, client, loa, sso, { acrValues })).toBe(expected);
    },
  );

  it('given no LoA map and no LoA flow, then a fresh login is "1" and an SSO login "0"', () => {
    const realm = importRealm(
      { realm: 'plain', enabled: true, clients: [{ clientId: 'spa', publicClient: true }] },
      new ManualClock(0),
    );
    const client = realm.clientByClientId('spa');
    if (!client) throw new Error('client missing');
    expect(acrClaim(realm, client, -1, false, {})).toBe('1');
    expect(acrClaim(realm, client, -1, true, {})).toBe('0');
  });
});
