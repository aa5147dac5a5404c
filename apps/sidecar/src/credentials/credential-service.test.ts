import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { DEFAULT_API_CATALOGUE, toSeconds } from '@credman/domain';
import { PLACEHOLDER_GRACE_SECONDS } from './rotation.ts';
import type { KeycloakDouble, ManualClock } from '@credman/keycloak-double';
import { startDemoDouble } from '../testing/demo-double.ts';
import type { DemoDouble } from '../testing/demo-double.ts';
import { CredentialService } from './credential-service.ts';
import { ApplicationNotFoundError } from '../store/errors.ts';
import {
  CredentialValidationError,
  SecretLimitError,
  SecretNotFoundError,
  SecretRecentlyUsedError,
} from './errors.ts';
import { nextDueAt } from '../reminders/next-due.ts';

const APP = 'Partner-NL-OrganisationName-DM';
const SIDECAR_SECRET = 'service-test-sidecar-secret';
const alice = { id: 'u-alice', username: 'alice', name: 'Alice' };
const DAY_MS = 86_400_000;

let keycloakDouble: DemoDouble;
let double: KeycloakDouble;
let clock: ManualClock;
let service: CredentialService;
let tokenEndpoint: oidc.ServerMetadata;

/** Does Keycloak (the double) accept this client secret right now? Asked with a real OAuth client. */
async function works(secret: string): Promise<boolean> {
  const config = new oidc.Configuration(tokenEndpoint, APP, undefined, oidc.ClientSecretBasic(secret));
  oidc.allowInsecureRequests(config);
  try {
    await oidc.clientCredentialsGrant(config);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  keycloakDouble = await startDemoDouble({
    sidecarSecret: SIDECAR_SECRET,
    startAt: Date.UTC(2027, 0, 10, 9),
  });
  ({ double, clock } = keycloakDouble);
  tokenEndpoint = (
    await oidc.discovery(new URL(`${keycloakDouble.url}/realms/credman`), APP, undefined, undefined, {
      execute: [oidc.allowInsecureRequests],
    })
  ).serverMetadata();
});
afterAll(() => keycloakDouble.close());

beforeEach(() => {
  service = new CredentialService({
    nextDueAt,
    keycloak: keycloakDouble.adapter(),
    now: () => clock.now(),
    config: { zone: 'Europe/Amsterdam', catalogue: DEFAULT_API_CATALOGUE },
  });
});

describe('credential service against the Keycloak double over HTTP', () => {
  it('walks a whole rotation: every secret works exactly while it should', async () => {
    // EMPTY (demo realm): nothing works.
    expect(await service.secrets(APP)).toEqual([]);

    const first = await service.createSecret(APP, { name: 'First', expiresOn: '2027-06-30' }, alice);
    expect(first.value).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(first.secret).toMatchObject({ name: 'First', hint: first.value.slice(0, 3), status: 'active' });
    expect(first.secret.expiresAt).toBe('2027-06-30T21:59:59.000Z'); // end of day in Amsterdam (CEST)
    expect(await works(first.value)).toBe(true);

    // A second secret with a LATER expiry: both work (zero-downtime rotation).
    clock.advance(DAY_MS);
    const second = await service.createSecret(APP, { name: 'Second', expiresOn: '2027-12-31' }, alice);
    expect([await works(first.value), await works(second.value)]).toEqual([true, true]);

    // A third is refused and changes nothing.
    await expect(
      service.createSecret(APP, { name: 'Third', expiresOn: '2027-09-01' }, alice),
    ).rejects.toThrow(SecretLimitError);
    expect([await works(first.value), await works(second.value)]).toEqual([true, true]);

    // Delete the old one: it never works again; the new one keeps working.
    await service.deleteSecret(APP, first.secret.id, alice, { force: true });
    expect([await works(first.value), await works(second.value)]).toEqual([false, true]);
    const views = await service.secrets(APP);
    expect(views.map((v) => [v.name, v.status])).toEqual([
      ['Second', 'active'],
      ['First', 'deleted'],
    ]);
    const audit = await service.audit(APP);
    expect(audit.map((a) => a.action)).toEqual(['deleted', 'created', 'created']);

    // Expiry: past 31 Dec 2027 23:59:59 Amsterdam it stops working, also after a sweep rewrote the client.
    clock.set(Date.parse('2027-12-31T22:59:59Z'));
    expect(await works(second.value)).toBe(true);
    clock.advance(1000);
    expect(await works(second.value)).toBe(false);
    expect(await service.sweep(APP)).toBe(true);
    expect(await works(second.value)).toBe(false);
    expect((await service.secrets(APP)).find((v) => v.name === 'Second')?.status).toBe('expired');
    expect(await service.sweep(APP)).toBe(false);
  });

  it('keeps an older-but-longer-lived secret working when a shorter one is added (slot rule)', async () => {
    const app = 'Partner-NL-OrganisationName-SMC';
    clock.set(Date.UTC(2028, 0, 5, 9));
    const long = await service.createSecret(app, { name: 'Long', expiresOn: '2028-12-01' }, alice);
    const short = await service.createSecret(app, { name: 'Short', expiresOn: '2028-02-01' }, alice);
    expect([await works2(app, long.value), await works2(app, short.value)]).toEqual([true, true]);
    clock.set(Date.parse('2028-02-02T00:00:00Z'));
    expect([await works2(app, long.value), await works2(app, short.value)]).toEqual([true, false]);
  });

  it('refuses bad input with field reasons and an unknown or unmanaged application as not found', async () => {
    await expect(service.createSecret(APP, { name: ' ', expiresOn: '2020-01-01' }, alice)).rejects.toSatisfy(
      (e) =>
        e instanceof CredentialValidationError && e.fields.map((f) => f.field).join() === 'name,expiresOn',
    );
    await expect(service.secrets('Partner-NL-Nobody-DM')).rejects.toThrow(ApplicationNotFoundError);
    await expect(service.secrets('credman-sidecar')).rejects.toThrow(ApplicationNotFoundError);
  });

  it('given a secret used in the last 24 hours, when deleting without force, then it is refused with the time of use', async () => {
    const app = 'PartnerAlternative-NL-OrganisationName-SMC';
    clock.set(Date.UTC(2029, 0, 5, 9));
    const created = await service.createSecret(app, { name: 'Used', expiresOn: '2029-06-01' }, alice);
    expect(await works2(app, created.value)).toBe(true);
    clock.advance(60_000);
    await expect(service.deleteSecret(app, created.secret.id, alice, { force: false })).rejects.toThrow(
      SecretRecentlyUsedError,
    );
    // The only live secret: the login was certainly this one.
    expect((await service.secrets(app))[0]).toMatchObject({
      lastUsedAt: new Date(Date.UTC(2029, 0, 5, 9)).toISOString(),
      lastUseAmbiguous: false,
    });
    await service.deleteSecret(app, created.secret.id, alice, { force: true });
    expect(await works2(app, created.value)).toBe(false);
  });

  it('given two live secrets and a login Keycloak does not attribute (26.7), then both show it as ambiguous and neither deletes without force', async () => {
    const app = 'PartnerAlternative-NL-OrganisationName-SMC';
    clock.set(Date.UTC(2030, 0, 5, 9));
    const old = await service.createSecret(app, { name: 'Old', expiresOn: '2030-03-01' }, alice);
    clock.advance(60_000);
    await service.createSecret(app, { name: 'New', expiresOn: '2030-12-01' }, alice);
    clock.advance(60_000);
    // A partner system still on the old secret, which now sits in the rotated slot.
    const loginAt = clock.now();
    expect(await works2(app, old.value)).toBe(true);
    clock.advance(60_000);

    const live = (await service.secrets(app)).filter((view) => view.status === 'active');
    expect(live.map((view) => [view.name, view.lastUsedAt, view.lastUseAmbiguous])).toEqual([
      ['Old', new Date(loginAt).toISOString(), true],
      ['New', new Date(loginAt).toISOString(), true],
    ]);
    for (const view of live) {
      const refused = await service
        .deleteSecret(app, view.id, alice, { force: false })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SecretRecentlyUsedError);
      expect(refused).toMatchObject({ lastUsedAt: loginAt, ambiguous: true });
    }
    for (const view of live) await service.deleteSecret(app, view.id, alice, { force: true });
    expect(await works2(app, old.value)).toBe(false);
  });
});

async function works2(clientId: string, secret: string): Promise<boolean> {
  const config = new oidc.Configuration(tokenEndpoint, clientId, undefined, oidc.ClientSecretBasic(secret));
  oidc.allowInsecureRequests(config);
  return oidc.clientCredentialsGrant(config).then(
    () => true,
    () => false,
  );
}

describe('audit-only writes', () => {
  it('given an EMPTY application, when an audit entry is recorded, then no secret starts working and the entry is stored', async () => {
    const app = 'Partner-NL-OrganisationName-SMC';
    clock.set(Date.UTC(2031, 0, 5, 9));
    for (const secret of (await service.secrets(app)).filter(
      (s) => s.status === 'active' || s.status === 'expiring',
    ))
      await service.deleteSecret(app, secret.id, alice, { force: true });
    clock.advance((PLACEHOLDER_GRACE_SECONDS + 5) * 1000); // the placeholder written by the delete has expired
    await service.recordAudit(app, [
      {
        at: toSeconds(clock.now()),
        action: 'manager-added',
        actor: alice,
        subject: { id: 'u-bob', username: 'bob' },
      },
    ]);
    clock.advance(5000);
    // Keycloak did not rotate in a secret of its own: nothing live, nothing adopted.
    expect(await service.sweep(app)).toBe(false);
    expect((await service.secrets(app)).filter((s) => s.status === 'active')).toEqual([]);
    expect((await service.audit(app))[0]).toMatchObject({
      action: 'manager-added',
      subject: { username: 'bob' },
    });
  });
});

describe('notes and edits', () => {
  it('given a secret without notes (as every record stored before notes), when a manager edits its notes and name, then they are kept, shown and audited, and removed with an empty string', async () => {
    const app = 'Partner-NL-OrganisationName-SMC';
    const { secret: target } = await service.createSecret(
      app,
      { name: 'Plain', expiresOn: '2031-06-30' },
      alice,
    );
    expect(target.notes).toBeUndefined();
    const edited = await service.updateSecret(
      app,
      target.id,
      { name: 'Renamed', notes: ' Used by the  batch job ' },
      alice,
    );
    expect(edited).toMatchObject({
      id: target.id,
      name: 'Renamed',
      notes: 'Used by the batch job',
      hint: target.hint,
    });
    expect((await service.secrets(app)).find((s) => s.id === target.id)).toMatchObject({
      name: 'Renamed',
      notes: 'Used by the batch job',
    });
    expect((await service.audit(app))[0]).toMatchObject({
      action: 'edited',
      changed: ['name', 'notes'],
      secret: { id: target.id, name: 'Renamed' },
    });

    await service.updateSecret(app, target.id, { notes: '' }, alice);
    expect((await service.secrets(app)).find((s) => s.id === target.id)?.notes).toBeUndefined();
    // The same person's second edit that day joins the first entry (docs/architecture.md#audit-retention).
    expect((await service.audit(app))[0]).toMatchObject({
      action: 'edited',
      changed: ['name', 'notes'],
      count: 2,
    });
  });

  it('refuses a name that looks like a live secret of the application but is not it, on create and on rename', async () => {
    const app = 'PartnerAlternative-NL-OrganisationName-SMC';
    for (const secret of await service.secrets(app))
      if (secret.status === 'active' || secret.status === 'expiring')
        await service.deleteSecret(app, secret.id, alice, { force: true });
    const { secret: original } = await service.createSecret(
      app,
      { name: 'prod-key', expiresOn: '2031-06-30' },
      alice,
    );
    const auditBefore = await service.audit(app);
    const reason = (error: unknown) =>
      error instanceof CredentialValidationError ? error.fields.map((f) => `${f.field}:${f.reason}`) : error;
    // Cyrillic р and е, then a Greek omicron and an en dash.
    for (const decoy of ['\u0440rod-k\u0435y', 'pr\u03BFd\u2013key', 'Prod-Key'])
      expect(
        reason(
          await service
            .createSecret(app, { name: decoy, expiresOn: '2031-06-30' }, alice)
            .catch((e: unknown) => e),
        ),
      ).toEqual(['name:look-alike']);
    const { secret: other } = await service.createSecret(
      app,
      { name: 'staging', expiresOn: '2031-06-30' },
      alice,
    );
    expect(
      reason(await service.updateSecret(app, other.id, { name: 'PROD-KEY' }, alice).catch((e: unknown) => e)),
    ).toEqual(['name:look-alike']);
    // Renaming a secret to a look-alike of its own name is no decoy.
    await service.updateSecret(app, original.id, { name: 'Prod-Key' }, alice);
    expect((await service.audit(app)).filter((e) => e.action === 'created')).toHaveLength(
      auditBefore.filter((e) => e.action === 'created').length + 1,
    );
  });

  it('refuses notes with a line break or over 250 characters, an empty edit and an ended secret, changing nothing', async () => {
    const app = 'Partner-NL-OrganisationName-SMC';
    const live = (await service.secrets(app)).find((s) => s.status === 'active' || s.status === 'expiring');
    if (!live) throw new Error('the test before left no live secret');
    const auditBefore = await service.audit(app);
    const reasons = async (input: { name?: unknown; notes?: unknown }) => {
      const error: unknown = await service.updateSecret(app, live.id, input, alice).catch((e: unknown) => e);
      return error instanceof CredentialValidationError
        ? error.fields.map((f) => `${f.field}:${f.reason}`)
        : error;
    };
    expect(await reasons({ notes: 'line one\nline two' })).toEqual(['notes:control-character']);
    expect(await reasons({ notes: 'x'.repeat(251) })).toEqual(['notes:too-long']);
    expect(await reasons({ name: '' })).toEqual(['name:empty']);
    expect(await reasons({})).toEqual(['name:required']);
    await expect(
      service.createSecret(app, { name: 'N', notes: 'a\tb', expiresOn: '2031-06-30' }, alice),
    ).rejects.toThrow(CredentialValidationError);
    const ended = (await service.secrets(app)).find((s) => s.status === 'deleted' || s.status === 'expired');
    if (ended)
      await expect(service.updateSecret(app, ended.id, { name: 'Again' }, alice)).rejects.toThrow(
        SecretNotFoundError,
      );
    await expect(
      service.updateSecret(app, '00000000-0000-4000-8000-000000000000', { name: 'Again' }, alice),
    ).rejects.toThrow(SecretNotFoundError);
    expect(await service.audit(app)).toEqual(auditBefore);
  });
});

describe('an application whose manager role is removed in Keycloak', () => {
  it('given the role deleted, then it is no longer managed (not found) within 30 s', async () => {
    const client = await service.application('Partner-NL-OrganisationName-SMC');
    expect(client.clientId).toBe('Partner-NL-OrganisationName-SMC');
    const model = [...double.realm.clients.values()].find((c) => c.clientId === client.clientId);
    const role = model && double.realm.clientRole(model.id, 'credential-manager');
    if (!model || !role) throw new Error('demo realm changed');
    double.realm.roles.delete(role.id);
    try {
      clock.advance(30_000);
      await expect(service.application(client.clientId)).rejects.toThrow(ApplicationNotFoundError);
    } finally {
      double.realm.roles.set(role.id, role);
    }
  });
});
