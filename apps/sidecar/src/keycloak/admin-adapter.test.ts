// The adapter's reading of CLIENT_LOGIN events: which login used the rotated secret is told by one event detail
// key, configured only where Keycloak writes it (26.8+); unset (Keycloak 26.7) no login says which secret it used
// (sidecar README, "Which secret was used").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeycloakHarness } from '../testing/keycloak-harness.ts';
import type { KeycloakHarness } from '../testing/keycloak-harness.ts';
import { toClientLoginEvent, toExtensionInfo, toRetiredSecretEvent } from './admin/representations.ts';

const APP = 'Partner-NL-OrganisationName-SMC';
const alice = { id: 'u-alice', username: 'alice', name: 'Alice' };
const DAY_MS = 86_400_000;
let harness: KeycloakHarness;

beforeAll(async () => {
  harness = await startKeycloakHarness(Date.UTC(2027, 4, 1, 9));
  const service = harness.service({ keycloak: harness.adapter() });
  const dateIn = (days: number) => new Date(harness.clock.now() + days * DAY_MS).toISOString().slice(0, 10);
  // The longer-lived secret sits in the current slot, the other in the rotated one (slot rule).
  const rotated = await service.createSecret(APP, { name: 'Shorter', expiresOn: dateIn(30) }, alice);
  const current = await service.createSecret(APP, { name: 'Longer', expiresOn: dateIn(300) }, alice);
  expect(await harness.works(APP, current.value)).toBe(true);
  harness.clock.advance(1000);
  expect(await harness.works(APP, rotated.value)).toBe(true);
});
afterAll(() => harness.close());

function adapter(rotatedSecretEventDetail?: string) {
  return harness.adapter(rotatedSecretEventDetail === undefined ? {} : { rotatedSecretEventDetail });
}

describe('clientLoginEvents against the Keycloak double', () => {
  it('given no detail key (Keycloak 26.7), then no login says which secret it used', async () => {
    const events = await adapter().clientLoginEvents(APP, { max: 10 });
    expect(events.map((event) => event.usedRotatedSecret)).toEqual([undefined, undefined]);
  });

  it('given a key the events do not carry, then every login counts as one with the current secret', async () => {
    const events = await adapter('not-the-key').clientLoginEvents(APP, { max: 10 });
    expect(events.map((event) => event.usedRotatedSecret)).toEqual([false, false]);
  });

  it('given a time from which to read, then only the logins since then, with their client address', async () => {
    const events = await adapter().clientLoginEvents(APP, { max: 10, since: harness.clock.now() });
    expect(events).toHaveLength(1);
    expect(events[0]?.ipAddress).toBeDefined();
  });
});

describe('searchClients against the Keycloak double', () => {
  it('lists clients without their secret values, which a single read still has', async () => {
    const [listed] = await adapter().searchClients({ search: APP, first: 0, max: 10 });
    expect(listed?.clientId).toBe(APP);
    expect(listed?.secret).toBeUndefined();
    expect(listed?.attributes['client.secret.rotated']).toBeUndefined();
    expect(listed?.attributes['client.secret.rotated.expiration.time']).toBeDefined();
    const read = await adapter().getClient(listed?.id ?? '');
    expect(read?.secret).toBeDefined();
    expect(read?.attributes['client.secret.rotated']).toBeDefined();
  });
});

describe('toClientLoginEvent', () => {
  const rotated = { time: 5, details: { rotated_marker: 'ROTATED', grant_type: 'client_credentials' } };
  const current = { time: 6, details: { grant_type: 'client_credentials' } };

  it('given the configured key in the details, then the login used the rotated secret, else the current one', () => {
    expect(toClientLoginEvent(rotated, 'rotated_marker')).toEqual({ time: 5, usedRotatedSecret: true });
    expect(toClientLoginEvent(current, 'rotated_marker')).toEqual({ time: 6, usedRotatedSecret: false });
  });

  it('given no configured key, then no event says which secret was used, whatever its details', () => {
    expect(toClientLoginEvent(rotated, undefined)).toEqual({ time: 5, usedRotatedSecret: undefined });
    expect(toClientLoginEvent(current, undefined)).toEqual({ time: 6, usedRotatedSecret: undefined });
  });
});

describe("toClientLoginEvent with credman's Keycloak extension", () => {
  const slot = (value: string) => ({
    time: 7,
    ipAddress: '203.0.113.7',
    details: { credman_secret_slot: value, rotated_marker: 'ROTATED' },
  });

  it("given the extension's slot detail, then it decides, whatever key is configured", () => {
    for (const key of [undefined, 'rotated_marker']) {
      expect(toClientLoginEvent(slot('current'), key)).toEqual({
        time: 7,
        usedRotatedSecret: false,
        ipAddress: '203.0.113.7',
      });
      expect(toClientLoginEvent(slot('rotated'), key)).toMatchObject({ usedRotatedSecret: true });
    }
  });

  it('given a slot detail it does not know, then the configured key (or nothing) decides', () => {
    expect(toClientLoginEvent(slot('other'), undefined).usedRotatedSecret).toBeUndefined();
    expect(toClientLoginEvent(slot('other'), 'rotated_marker').usedRotatedSecret).toBe(true);
  });

  it('given a refused login naming a retired secret, then a retired-secret event; any other refusal none', () => {
    expect(
      toRetiredSecretEvent({
        time: 8,
        clientId: APP,
        ipAddress: '203.0.113.7',
        details: { credman_retired_secret: 's-1', error: 'invalid_client_credentials' },
      }),
    ).toEqual({ time: 8, clientId: APP, secretId: 's-1', ipAddress: '203.0.113.7' });
    expect(toRetiredSecretEvent({ time: 8, clientId: APP, details: { error: 'x' } })).toBeUndefined();
    expect(toRetiredSecretEvent({ time: 8, details: { credman_retired_secret: 's-1' } })).toBeUndefined();
  });

  it("given the info endpoint's answer, then present only when it names credman", () => {
    expect(
      toExtensionInfo({ extension: 'credman', version: '1.0', features: ['secret-slot-detail', 3] }),
    ).toEqual({ present: true, version: '1.0', features: ['secret-slot-detail'] });
    expect(toExtensionInfo({ extension: 'other' })).toEqual({ present: false });
    expect(toExtensionInfo(null)).toEqual({ present: false });
  });
});

describe('extensionInfo against the stock Keycloak double', () => {
  it('given no extension (404), then not present', async () => {
    expect(await adapter().extensionInfo()).toEqual({ present: false });
  });
});
