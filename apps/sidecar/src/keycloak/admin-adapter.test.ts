// The adapter's reading of CLIENT_LOGIN events against the Keycloak double over HTTP: which login used the
// rotated secret is told by one event detail key, configurable because its exact name in Keycloak 26.8 is not
// verified (sidecar README, "Which secret was used").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeycloakHarness } from '../testing/keycloak-harness.ts';
import type { KeycloakHarness } from '../testing/keycloak-harness.ts';
import { ROTATED_SECRET_EVENT_DETAIL } from './admin-adapter.ts';

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

describe('clientLoginEvents', () => {
  it(`given the default detail key (${ROTATED_SECRET_EVENT_DETAIL}), then exactly the rotated-secret login is marked`, async () => {
    const events = await adapter().clientLoginEvents(APP, 10);
    expect(events.map((event) => event.usedRotatedSecret)).toEqual([true, false]);
  });

  it('given another configured key, then no login is marked (the key decides)', async () => {
    const events = await adapter('not-the-key').clientLoginEvents(APP, 10);
    expect(events.map((event) => event.usedRotatedSecret)).toEqual([false, false]);
  });
});
