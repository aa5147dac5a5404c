// The credential service against the Keycloak double for what credman's Keycloak extension adds: per-secret
// usage, the manager's confirmation, the digests of ended secrets in `credman.retired`, and the retired secrets
// presented again folded into their records. Here the double is stock Keycloak (no extension): a login while two
// secrets are live counts for both.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RetiredSecretEvent } from '../keycloak/port.ts';
import { startKeycloakHarness } from '../testing/keycloak-harness.ts';
import type { KeycloakHarness } from '../testing/keycloak-harness.ts';
import type { CredentialService } from './credential-service.ts';
import { RETIRED_ATTRIBUTE } from '../store/records/retired-secrets.ts';
import type { RetiredUseReport } from './retired-use.ts';

const APP = 'Partner-NL-OrganisationName-SMC';
const alice = { id: 'u-alice', username: 'alice', name: 'Alice' };
const DAY_MS = 86_400_000;
let harness: KeycloakHarness;
let service: CredentialService;

const dateIn = (days: number) => new Date(harness.clock.now() + days * DAY_MS).toISOString().slice(0, 10);
const secretOf = async (id: string) => (await service.secrets(APP)).find((s) => s.id === id);

beforeAll(async () => {
  harness = await startKeycloakHarness(Date.UTC(2027, 4, 1, 9));
  service = harness.service({ keycloak: harness.adapter() });
});
afterAll(() => harness.close());

describe('on stock Keycloak (no extension)', () => {
  let old: { id: string; value: string };
  let fresh: { id: string; value: string };

  it('given a first secret used once, then its use is certain, with its first use and counts', async () => {
    const created = await service.createSecret(APP, { name: 'Prod 2026', expiresOn: dateIn(30) }, alice);
    old = { id: created.secret.id, value: created.value };
    harness.clock.advance(60_000);
    expect(await harness.works(APP, old.value)).toBe(true);
    const detail = await service.application(APP);
    expect(detail.lastUseAttribution).toBe('none');
    const view = detail.secrets.find((s) => s.id === old.id);
    expect(view).toMatchObject({
      lastUseAmbiguous: false,
      firstUsedAt: view?.lastUsedAt,
      usage: { last24Hours: 1, last7Days: 1, ambiguous: false, truncated: false },
    });
    expect(view?.usage?.addresses).toHaveLength(1);
  });

  it('given two live secrets and a system using only the old one, then both show a possible use', async () => {
    const created = await service.createSecret(APP, { name: 'Prod 2027', expiresOn: dateIn(300) }, alice);
    fresh = { id: created.secret.id, value: created.value };
    harness.clock.advance(60_000);
    expect(await harness.works(APP, old.value)).toBe(true);
    expect(await secretOf(fresh.id)).toMatchObject({ lastUseAmbiguous: true, usage: { ambiguous: true } });
    expect(await secretOf(old.id)).toMatchObject({ lastUseAmbiguous: true, usage: { last24Hours: 2 } });
  });

  it('given the manager confirms the new secret, then it says who and when, audited once', async () => {
    const confirmed = await service.confirmUse(APP, fresh.id, alice);
    expect(confirmed.useConfirmedBy).toEqual(alice);
    expect(confirmed.useConfirmedAt).toBeDefined();
    await service.confirmUse(APP, fresh.id, alice);
    const entries = (await service.audit(APP)).filter((e) => e.action === 'use-confirmed');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.secret?.id).toBe(fresh.id);
  });

  it('given the old secret deleted, then its salted digest moves to credman.retired and leaves the record', async () => {
    const live = (await harness.client(APP))?.attributes['credman.secrets'] ?? '';
    expect(live).toContain('"digest"');
    await service.deleteSecret(APP, old.id, alice, { force: true });
    const client = await harness.client(APP);
    const retired = JSON.parse(client?.attributes[RETIRED_ATTRIBUTE] ?? '') as {
      v: number;
      secrets: { id: string; salt: string; sha256: string; until: number }[];
    };
    expect(retired.v).toBe(1);
    const entry = retired.secrets.find((e) => e.id === old.id);
    const salt = Buffer.from(entry?.salt ?? '', 'base64url');
    expect(salt).toHaveLength(16);
    expect(entry?.sha256).toBe(
      createHash('sha256').update(salt).update(old.value, 'utf8').digest('base64url'),
    );
    const records = JSON.parse(client?.attributes['credman.secrets'] ?? '') as {
      secrets: { id: string; digest?: unknown }[];
    };
    expect(records.secrets.find((r) => r.id === old.id)?.digest).toBeUndefined();
    // No view carries a digest or its salt.
    const views = JSON.stringify(await service.application(APP));
    expect(views).not.toContain(entry?.sha256 ?? 'x');
    expect(views).not.toContain(entry?.salt ?? 'x');
    expect(views).not.toContain('digest');
  });

  it('given refused logins presenting the deleted secret, then one report a day and a mark with the counts', async () => {
    const reports: RetiredUseReport[] = [];
    const report = (_app: unknown, due: RetiredUseReport) => {
      reports.push(due);
      return Promise.resolve(true);
    };
    const t0 = harness.clock.now();
    const event = (offsetMs: number, ip: string): RetiredSecretEvent => ({
      time: t0 + offsetMs,
      clientId: APP,
      secretId: old.id,
      ipAddress: ip,
    });
    const first = [event(1000, '203.0.113.7'), event(2000, '203.0.113.7'), event(3000, '198.51.100.2')];
    expect(await service.recordRetiredUse(APP, first, report)).toBe('written');
    // The same events read again (an overlapping read, another replica): nothing changes.
    expect(await service.recordRetiredUse(APP, first, report)).toBe('unchanged');
    // Newer ones within the day: counted, not reported again.
    expect(await service.recordRetiredUse(APP, [...first, event(4000, '203.0.113.7')], report)).toBe(
      'written',
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ count: 3, addresses: ['198.51.100.2', '203.0.113.7'] });
    expect((await secretOf(old.id))?.retiredUse).toMatchObject({
      count: 4,
      addresses: ['203.0.113.7', '198.51.100.2'],
    });
    const audited = (await service.audit(APP)).filter((e) => e.action === 'retired-secret-presented');
    expect(audited).toHaveLength(1);
    expect(audited[0]?.presented).toMatchObject({ count: 3 });
    // A day later the pending one is reported with what is new since.
    harness.clock.advance(DAY_MS);
    expect(await service.recordRetiredUse(APP, [], report)).toBe('written');
    expect(reports[1]).toMatchObject({ count: 1, addresses: ['203.0.113.7'] });
  });

  it('given the report could not be sent, then nothing is marked reported and the next run tries again', async () => {
    harness.clock.advance(DAY_MS);
    const t = harness.clock.now();
    const later: RetiredSecretEvent[] = [
      { time: t, clientId: APP, secretId: old.id, ipAddress: '192.0.2.1' },
    ];
    let sent = 0;
    await service.recordRetiredUse(APP, later, () => Promise.resolve(false));
    await service.recordRetiredUse(APP, later, () => {
      sent++;
      return Promise.resolve(true);
    });
    expect(sent).toBe(1);
  });
});
