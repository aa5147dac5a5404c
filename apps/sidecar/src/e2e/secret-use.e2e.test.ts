// Which secret a partner system uses, and a retired secret presented again, over HTTP with credman's Keycloak
// extension (docs/architecture.md#last-use-per-secret, #retired-secrets-presented-again): with two live secrets
// and a system using only the old one, credman says exactly that; after the switch the new one is used and the
// old one's last use stays before the switch; the deleted old secret presented again is refused, its managers
// are mailed (the SMTP sink, parsed back) naming it, and its record shows the attempt; no value or digest is in
// any response, log line, mail or audit entry. Then the same first steps on stock Keycloak (the double without
// the extension), where credman says what it cannot tell. Runs on the double in `npm test` and on the real
// Keycloak (with the extension loaded) in `npm run test:keycloak`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemCodeOf } from '@credman/domain';
import { realKeycloakAdmin } from '../testing/test-keycloak.ts';
import { DM, SMC, startE2e } from './testing/harness.ts';
import type { E2e, RequestInit } from './testing/harness.ts';

interface SecretJson {
  id: string;
  name: string;
  hint: string;
  status: string;
  lastUsedAt?: string;
  lastUseAmbiguous?: boolean;
  firstUsedAt?: string;
  firstUsedFrom?: string;
  usage?: { last24Hours: number; last7Days: number; addresses: string[]; ambiguous: boolean };
  retiredUse?: { firstAt: string; lastAt: string; count: number; addresses: string[] };
}

const OLD_SYSTEM = '203.0.113.7';
const NEW_SYSTEM = '198.51.100.2';

function client(e2e: E2e) {
  const bodies: string[] = [];
  const createdBodies: string[] = [];
  const call = async (path: string, init?: RequestInit) => {
    const response = await e2e.api('alice', path, init);
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, json: (): unknown => (text === '' ? undefined : JSON.parse(text)) };
  };
  const application = async (clientId: string) =>
    (await call(`/applications/${clientId}`)).json() as {
      secrets: SecretJson[];
      lastUseAttribution?: string;
    };
  const byName = async (clientId: string, name: string) =>
    (await application(clientId)).secrets.find((secret) => secret.name === name);
  const create = async (clientId: string, name: string, days: number) => {
    const created = await call(`/applications/${clientId}/secrets`, {
      method: 'POST',
      body: JSON.stringify({ name, expiresOn: e2e.dateIn(days) }),
    });
    expect(created.status).toBe(201);
    // The one response that carries a value: scanned for digests only.
    createdBodies.push(bodies.pop() ?? '');
    return (created.json() as { secret: SecretJson; value: string }).value;
  };
  /** Starts from no live secret: the demo's adopted ones are deleted. */
  const clear = async (clientId: string) => {
    for (const secret of (await application(clientId)).secrets.filter((s) => s.status === 'active'))
      expect(
        (await call(`/applications/${clientId}/secrets/${secret.id}?force=true`, { method: 'DELETE' }))
          .status,
      ).toBe(204);
  };
  const readyz = async () => {
    const response = await fetch(`${e2e.sidecarUrl}/readyz`);
    const text = await response.text();
    bodies.push(text);
    return JSON.parse(text) as { extension?: { present: boolean; missing: string[] } };
  };
  return { bodies, createdBodies, call, application, byName, create, clear, readyz };
}

/** Lets a moment pass between two logins: the double's clock moves, the real server is waited for. */
async function aMomentLater(e2e: E2e): Promise<void> {
  if (e2e.kind === 'double') e2e.clock.advance(1000);
  else await new Promise((resolve) => setTimeout(resolve, 1100));
}

describe("with credman's Keycloak extension", () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ extension: true, mail: true });
  });
  afterAll(async () => {
    await e2e.close();
  });

  it('says which secret each system uses, reports the deleted one presented again, and leaks nothing', async () => {
    const api = client(e2e);
    // The real server records the loopback address whatever the request says; the double takes X-Forwarded-For.
    const address = (ip: string) => (e2e.kind === 'double' ? ip : undefined);
    expect(await api.readyz()).toMatchObject({ extension: { present: true, missing: [] } });
    await api.clear(DM);

    const oldValue = await api.create(DM, 'Prod 2025', 30);
    expect(await e2e.tokenWorks(DM, oldValue, OLD_SYSTEM)).toBe(true);
    await aMomentLater(e2e);
    const newValue = await api.create(DM, 'Prod 2026', 300);
    // Two live secrets; a system uses only the old one.
    expect(await e2e.tokenWorks(DM, oldValue, OLD_SYSTEM)).toBe(true);
    expect(await e2e.tokenWorks(DM, oldValue, OLD_SYSTEM)).toBe(true);
    const detail = await api.application(DM);
    expect(detail.lastUseAttribution).toBe('extension');
    const old = detail.secrets.find((s) => s.name === 'Prod 2025');
    const fresh = detail.secrets.find((s) => s.name === 'Prod 2026');
    expect(old).toMatchObject({ lastUseAmbiguous: false, usage: { last24Hours: 3, ambiguous: false } });
    if (e2e.kind === 'double') expect(old?.usage?.addresses).toEqual([OLD_SYSTEM]);
    expect(fresh?.lastUsedAt).toBeUndefined();
    expect(fresh?.usage).toBeUndefined();
    // The delete guard knows it is THIS secret that is in use.
    const refused = await api.call(`/applications/${DM}/secrets/${old?.id ?? ''}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    const problem = refused.json() as { type: string; lastUseAmbiguous?: boolean };
    expect([problemCodeOf(problem.type), problem.lastUseAmbiguous]).toEqual(['secret-recently-used', false]);

    // The switch: the system moves to the new secret.
    await aMomentLater(e2e);
    expect(await e2e.tokenWorks(DM, newValue, NEW_SYSTEM)).toBe(true);
    const afterSwitch = await api.application(DM);
    const oldAfter = afterSwitch.secrets.find((s) => s.id === old?.id);
    const freshAfter = afterSwitch.secrets.find((s) => s.id === fresh?.id);
    expect(freshAfter).toMatchObject({ lastUseAmbiguous: false, usage: { last24Hours: 1 } });
    if (e2e.kind === 'double') expect(freshAfter?.firstUsedFrom).toBe(NEW_SYSTEM);
    expect(Date.parse(oldAfter?.lastUsedAt ?? '')).toBeLessThan(Date.parse(freshAfter?.firstUsedAt ?? ''));
    expect(oldAfter?.lastUsedAt).toBe(old?.lastUsedAt);

    // The old secret is deleted; a forgotten system still presents it.
    expect(
      (await api.call(`/applications/${DM}/secrets/${old?.id ?? ''}?force=true`, { method: 'DELETE' }))
        .status,
    ).toBe(204);
    const retiredEntry = (await e2e.keycloak.findClientByClientId(DM))?.attributes['credman.retired'] ?? '';
    const digest = (
      JSON.parse(retiredEntry) as { secrets: { id: string; salt: string; sha256: string }[] }
    ).secrets.find((entry) => entry.id === old?.id);
    expect(digest).toBeDefined();
    await aMomentLater(e2e);
    expect(await e2e.tokenWorks(DM, oldValue, OLD_SYSTEM)).toBe(false);
    expect(await e2e.tokenWorks(DM, oldValue, OLD_SYSTEM)).toBe(false);
    expect(await e2e.retiredWatch.runOnce()).toMatchObject({ read: true, failed: 0 });
    // Read again (the next run overlaps): counted once.
    await e2e.retiredWatch.runOnce();

    const mails = e2e.smtp.received.filter((mail) => mail.subject.includes('still presents'));
    expect(mails.map((mail) => [[...mail.to].sort(), mail.subject])).toEqual([
      [
        ['alice.anders@example.org', 'bob.bakker@example.org'],
        `[credman] ${DM}: a system still presents the deleted secret "Prod 2025"`,
      ],
    ]);
    expect(mails[0]?.text).toContain(`the deleted secret "Prod 2025" (${old?.hint ?? ''}…)`);
    expect(mails[0]?.text).toContain('2 refused token requests since');
    if (e2e.kind === 'double') expect(mails[0]?.text).toContain(`A system at ${OLD_SYSTEM} still presents`);

    const marked = await api.byName(DM, 'Prod 2025');
    expect(marked).toMatchObject({ status: 'deleted', retiredUse: { count: 2 } });
    if (e2e.kind === 'double') expect(marked?.retiredUse?.addresses).toEqual([address(OLD_SYSTEM)]);
    const audit = (await api.call(`/applications/${DM}/audit`)).json() as {
      entries: { action: string; secret?: { id?: string }; presented?: { count: number } }[];
    };
    const presented = audit.entries.filter((entry) => entry.action === 'retired-secret-presented');
    expect(presented.map((entry) => [entry.secret?.id, entry.presented?.count])).toEqual([[old?.id, 2]]);

    // The leak scan: neither value nor the digest or its salt anywhere credman speaks.
    const everywhere = [
      ...api.bodies,
      ...e2e.smtp.received.map((mail) => mail.raw),
      e2e.logs.text(),
      JSON.stringify(await e2e.credentials.audit(DM)),
    ];
    const secrets = [oldValue, newValue, digest?.sha256 ?? 'x', digest?.salt ?? 'x'];
    expect(everywhere.filter((text) => secrets.some((secret) => text.includes(secret)))).toEqual([]);
    const digests = [digest?.sha256 ?? 'x', digest?.salt ?? 'x'];
    expect(api.createdBodies.filter((text) => digests.some((d) => text.includes(d)))).toEqual([]);
  }, 60_000);
});

describe.runIf(realKeycloakAdmin() === undefined)(
  'on stock Keycloak (the double without the extension)',
  () => {
    let e2e: E2e;
    beforeAll(async () => {
      e2e = await startE2e({ mail: true });
    });
    afterAll(async () => {
      await e2e.close();
    });

    it('says what it cannot tell: a login while two secrets are live counts for both, and nothing is watched', async () => {
      const api = client(e2e);
      expect(await api.readyz()).toMatchObject({
        extension: {
          present: false,
          missing: ['which secret a login used', 'retired secrets presented again'],
        },
      });
      await api.clear(SMC);
      const oldValue = await api.create(SMC, 'Old', 30);
      await api.create(SMC, 'New', 300);
      expect(await e2e.tokenWorks(SMC, oldValue)).toBe(true);
      const detail = await api.application(SMC);
      expect(detail.lastUseAttribution).toBe('none');
      for (const name of ['Old', 'New'])
        expect(detail.secrets.find((s) => s.name === name)).toMatchObject({ lastUseAmbiguous: true });
      expect(await e2e.retiredWatch.runOnce()).toMatchObject({ read: false });
    });
  },
);
