// The daily reconciliation of the due index (docs/architecture.md#the-due-index): a full scan that rewrites each
// credman.due wrong for its records, so the due-only scans find what they would otherwise miss. Each case in two
// modes: with credman's Keycloak extension (the due index and its reconciliation), and without it, where there is
// no reconciliation because every sweep is a full scan that finds the application anyway. Only credman's clock
// moves and Keycloak is changed through its Admin API alone, so the cases run on the Keycloak double in
// `npm test` and on the real Keycloak in `npm run test:keycloak` (the server with the JAR, or the stock one beside
// it: docs/architecture.md#testing).
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { ExtensionStatus } from '../keycloak/extension-status.ts';
import { DUE_ATTRIBUTE } from '../store/due-attribute.ts';
import { SLOT_ATTRIBUTES } from '../store/slots.ts';
import { captureLogs } from '../test/fixtures.ts';
import { startKeycloakHarness } from '../testing/keycloak-harness.ts';
import type { KeycloakHarness } from '../testing/keycloak-harness.ts';
import { Sweeper } from './sweeper.ts';

const DM = 'Partner-NL-OrganisationName-DM';
const SMC = 'Partner-NL-OrganisationName-SMC';
const actor = { id: 'u-alice', username: 'alice', name: 'Alice Anders' };
const START = Date.UTC(2027, 0, 1, 9);
/** 17 February 2027, 01:00 in Amsterdam: DM's secret (expiring 31 March) is 6 weeks from its expiry. */
const SIX_WEEKS_BEFORE = Date.UTC(2027, 1, 17, 0);
/** The demo realm's applications: DM, SMC and the PartnerAlternative SMC. */
const DEMO_APPLICATIONS = 3;

let harness: KeycloakHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** DM and SMC with one secret each, their index entries settled; a sweeper as main.ts wires it. */
async function twoApplications(options: { extension: boolean }) {
  const h = (harness = await startKeycloakHarness(START, options));
  expect(h.extension).toBe(options.extension);
  const keycloak = h.adapter();
  const credentials = h.service({ keycloak });
  const created = await credentials.createSecret(DM, { name: 'Billing', expiresOn: '2027-03-31' }, actor);
  await credentials.createSecret(SMC, { name: 'Other', expiresOn: '2027-12-31' }, actor);
  h.clock.set(START + 5 * 60_000);
  for (const clientId of [DM, SMC]) await credentials.sweep(clientId, { reindex: true });
  const logs = captureLogs();
  const swept: string[] = [];
  const status = new ExtensionStatus({ read: () => keycloak.extensionInfo(), now: () => h.clock.now() });
  const sweeper = new Sweeper({
    keycloak,
    credentials: {
      sweep: (clientId, sweepOptions) => {
        swept.push(clientId);
        return credentials.sweep(clientId, sweepOptions);
      },
    },
    catalogue: DEFAULT_API_CATALOGUE,
    logger: logs.logger,
    intervalSeconds: 300,
    dueIndex: () => status.hasDueIndex(),
    now: () => h.clock.now(),
    reconcile: { hourUtc: 3, due: credentials.applications.dueSettings },
  });
  /** Writes the client's attributes straight in Keycloak, as a change outside credman does. */
  const edit = async (clientId: string, attributes: Record<string, string>) => {
    const client = await keycloak.findClientByClientId(clientId);
    if (!client) throw new Error(`no ${clientId}`);
    await keycloak.updateClient(client, { attributes });
  };
  const stored = async (clientId: string) => (await h.client(clientId))?.attributes[DUE_ATTRIBUTE];
  const fixLines = () =>
    logs.lines().filter((line) => line.msg === 'due index reconciliation rewrote a wrong credman.due');
  return { h, sweeper, swept, edit, stored, logs, fixLines, secret: created.value };
}

describe('due index reconciliation (extension)', () => {
  it('given records of an older credman (no credman.due), then the due scan misses them, the reconciliation fixes them and the due scan then finds them', async () => {
    const { h, sweeper, swept, edit, stored, fixLines, logs, secret } = await twoApplications({
      extension: true,
    });
    await edit(DM, { [DUE_ATTRIBUTE]: '' });
    expect(await stored(DM)).toBeUndefined();
    h.clock.set(SIX_WEEKS_BEFORE);

    expect(await sweeper.runOnce()).toEqual({ applications: 0, swept: 0, failed: 0 });

    swept.length = 0;
    expect(await sweeper.reconcileOnce()).toEqual({ applications: 3, fixed: 1, failed: 0 });
    expect(swept).toEqual([DM]); // SMC's entry is right: not written
    expect(fixLines()).toEqual([
      expect.objectContaining({ clientId: DM, stored: '', correct: String(SIX_WEEKS_BEFORE - 3_600_000) }),
    ]);
    expect(logs.lines().find((line) => line.msg === 'due index reconciliation finished')).toMatchObject({
      reconciliation: { applications: 3, fixed: 1, failed: 0 },
    });
    expect(logs.text()).not.toContain(secret);

    expect(await sweeper.runOnce()).toMatchObject({ applications: 1 });
  });

  it("given a secret's expiry edited straight in Keycloak, then the reconciliation rewrites the entry and logs it", async () => {
    const { h, sweeper, edit, stored, logs } = await twoApplications({ extension: true });
    const before = await stored(SMC);
    // Keycloak now ends SMC's secret on 10 January; credman's entry still points at November.
    await edit(SMC, { [SLOT_ATTRIBUTES.currentExpires]: String(Date.UTC(2027, 0, 10) / 1000) });
    h.clock.set(Date.UTC(2027, 0, 2, 3));

    const run = await sweeper.reconcileOnce();
    expect(run).toMatchObject({ fixed: 1, failed: 0 });
    const after = await stored(SMC);
    expect(after).not.toBe(before);
    expect(Number(after)).toBeLessThanOrEqual(Date.UTC(2027, 0, 10, 0, 0, 1));
    const lines = logs.lines().filter((line) => line.msg?.toString().startsWith('due index reconciliation'));
    expect(lines).toEqual([
      expect.objectContaining({ clientId: SMC, stored: before }),
      expect.objectContaining({ reconciliation: { applications: 3, fixed: 1, failed: 0 } }),
    ]);
  });

  it('given an entry later than the truth (a crash between writes), then the reconciliation moves it back and the due scan finds the application', async () => {
    const { h, sweeper, edit, stored, fixLines } = await twoApplications({ extension: true });
    const truth = await stored(DM);
    await edit(DM, { [DUE_ATTRIBUTE]: '4000000000000' });
    h.clock.set(SIX_WEEKS_BEFORE);
    expect(await sweeper.runOnce()).toMatchObject({ applications: 0 });

    expect(await sweeper.reconcileOnce()).toMatchObject({ fixed: 1, failed: 0 });
    expect(fixLines()).toEqual([expect.objectContaining({ clientId: DM, stored: '4000000000000' })]);
    expect(truth).toBe(String(SIX_WEEKS_BEFORE - 3_600_000));
    expect(await sweeper.runOnce()).toMatchObject({ applications: 1 });
  });

  it("given an entry that is not credman's text, then the reconciliation rewrites it", async () => {
    const { h, sweeper, edit, stored, fixLines } = await twoApplications({ extension: true });
    await edit(DM, { [DUE_ATTRIBUTE]: 'soon' });
    h.clock.set(START + 3_600_000);

    expect(await sweeper.reconcileOnce()).toMatchObject({ fixed: 1, failed: 0 });
    expect(await stored(DM)).toBe(String(SIX_WEEKS_BEFORE - 3_600_000));
    expect(fixLines()).toEqual([expect.objectContaining({ clientId: DM, stored: 'soon' })]);
  });

  it('given correct entries, then the reconciliation writes nothing', async () => {
    const { h, sweeper, swept, fixLines } = await twoApplications({ extension: true });
    h.clock.set(START + 3_600_000);
    expect(await sweeper.reconcileOnce()).toEqual({ applications: 3, fixed: 0, failed: 0 });
    expect(swept).toEqual([]);
    expect(fixLines()).toEqual([]);
  });
});

// Two cases, not one per case above: on the real Keycloak each costs a realm of its own
// (docs/architecture.md#testing), and without the index the wrong entries all come to the same.
describe('without the due index (full scan): no reconciliation, and every sweep finds every application', () => {
  it('given entries missing (an older credman) or later than the truth, then the full scan finds each application at once, and nothing reconciles or rewrites them', async () => {
    const { h, sweeper, swept, edit, stored, fixLines } = await twoApplications({ extension: false });
    await edit(DM, { [DUE_ATTRIBUTE]: '' });
    await edit(SMC, { [DUE_ATTRIBUTE]: '4000000000000' });
    h.clock.set(SIX_WEEKS_BEFORE);

    expect(await sweeper.runOnce()).toEqual({ applications: DEMO_APPLICATIONS, swept: 0, failed: 0 });
    expect(swept).toEqual(expect.arrayContaining([DM, SMC]));
    swept.length = 0;
    expect(await sweeper.reconcileOnce()).toBeUndefined();
    expect(swept).toEqual([]);
    expect(fixLines()).toEqual([]);
    // Nothing reads the entries without the extension, so nothing rewrites them before the next write.
    expect([await stored(DM), await stored(SMC)]).toEqual([undefined, '4000000000000']);
  });

  it("given correct entries, then nothing is written; given a secret's expiry edited straight in Keycloak, then the next sweep records the change and rewrites the entry with it", async () => {
    const { h, sweeper, swept, edit, stored } = await twoApplications({ extension: false });
    h.clock.set(START + 3_600_000);
    expect(await sweeper.reconcileOnce()).toBeUndefined();
    expect(swept).toEqual([]);
    expect(await sweeper.runOnce()).toEqual({ applications: DEMO_APPLICATIONS, swept: 0, failed: 0 });

    const before = await stored(SMC);
    await edit(SMC, { [SLOT_ATTRIBUTES.currentExpires]: String(Date.UTC(2027, 0, 10) / 1000) });
    h.clock.set(Date.UTC(2027, 0, 2, 3));
    expect(await sweeper.reconcileOnce()).toBeUndefined();
    expect(await sweeper.runOnce()).toEqual({ applications: DEMO_APPLICATIONS, swept: 1, failed: 0 });
    const after = await stored(SMC);
    expect(after).not.toBe(before);
    expect(Number(after)).toBeLessThanOrEqual(Date.UTC(2027, 0, 10, 0, 0, 1));
    expect(await sweeper.runOnce()).toMatchObject({ swept: 0, failed: 0 });
  });
});
