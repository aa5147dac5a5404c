// The one policy for damaged credman metadata (docs/architecture.md#damaged-metadata), path by path on the
// Keycloak double: a typed error naming the application and the attribute, one warn line, the application
// still listed but marked, skipped by the sweeper and the reminder runner, and never written over.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE, epochSeconds, problemType } from '@credman/domain';
import { ManagerAssignment } from '../applications/manager-assignment.ts';
import { CredentialService } from '../credentials/credential-service.ts';
import { nextDueAt } from '../reminders/next-due.ts';
import { Sweeper } from '../credentials/sweeper.ts';
import { toApiError } from '../http/error-mapping.ts';
import type { KeycloakAdminAdapter } from '../keycloak/admin-adapter.ts';
import type { Mailer, OutgoingMail } from '../mail/mailer.ts';
import { ReminderRunner } from '../reminders/runner.ts';
import { captureLogs } from '../test/fixtures.ts';
import type { LogCapture } from '../test/fixtures.ts';
import { SIDECAR_CLIENT_ID } from '../testing/demo-double.ts';
import { startKeycloakHarness } from '../testing/keycloak-harness.ts';
import type { KeycloakHarness } from '../testing/keycloak-harness.ts';
import { AUDIT_ATTRIBUTE, REMINDERS_ATTRIBUTE, SECRETS_ATTRIBUTE } from './records/codecs.ts';
import type { CredmanAttribute } from './records/codecs.ts';
import { DamagedApplicationError } from './errors.ts';

const DM = 'Partner-NL-OrganisationName-DM';
const SMC = 'Partner-NL-OrganisationName-SMC';
const ZONE = 'Europe/Amsterdam';
/** Damaged content that must never show up in an error, a problem or a log line. */
const GARBAGE = '{"DAMAGED-CONTENT-MARKER": ';
const actor = { id: 'u-alice', username: 'alice', name: 'Alice' };

let harness: KeycloakHarness;
let keycloak: KeycloakAdminAdapter;
let logs: LogCapture;
let service: CredentialService;

beforeEach(async () => {
  harness = await startKeycloakHarness(Date.UTC(2027, 0, 10, 9));
  keycloak = harness.adapter();
  logs = captureLogs();
  service = new CredentialService({
    nextDueAt,
    keycloak,
    now: () => harness.clock.now(),
    logger: logs.logger,
    config: { zone: ZONE, catalogue: DEFAULT_API_CATALOGUE },
    busyRetryDelaysMs: [],
  });
  await service.createSecret(DM, { name: 'Short', expiresOn: '2027-01-20' }, actor);
  await service.createSecret(SMC, { name: 'Other', expiresOn: '2027-01-20' }, actor);
});
afterEach(() => harness.close());

async function damage(clientId: string, attribute: CredmanAttribute): Promise<void> {
  const client = await harness.client(clientId);
  if (!client) throw new Error(`no client ${clientId}`);
  await keycloak.updateClient(client, { attributes: { [attribute]: GARBAGE } });
}

async function rawAttributes(clientId: string): Promise<Record<string, string>> {
  return (await harness.client(clientId))?.attributes ?? {};
}

/** The warn lines naming the application; never the content. */
function damageLines(clientId: string) {
  expect(logs.text()).not.toContain('DAMAGED-CONTENT-MARKER');
  return logs.lines().filter((line) => line.level === 40 && line.clientId === clientId);
}

function expectDamaged(error: unknown, clientId: string, attribute: CredmanAttribute): void {
  expect(error).toBeInstanceOf(DamagedApplicationError);
  expect(error).toMatchObject({ clientId, attribute });
  expect(String(error)).not.toContain('DAMAGED-CONTENT-MARKER');
}

describe.each([SECRETS_ATTRIBUTE, AUDIT_ATTRIBUTE, REMINDERS_ATTRIBUTE] as const)(
  'damaged %s',
  (attribute) => {
    it('given a list, then the application is listed, marked damaged, with one warn line', async () => {
      await damage(DM, attribute);
      const list = (await service.listApplications({ first: 0, max: 50 })).applications;
      expect(list.find((entry) => entry.clientId === DM)).toMatchObject({
        liveSecrets: 0,
        nearestExpiry: undefined,
        damaged: { attribute },
      });
      expect(list.find((entry) => entry.clientId === SMC)).toMatchObject({ liveSecrets: 1 });
      expect(list.find((entry) => entry.clientId === SMC)?.damaged).toBeUndefined();
      expect(damageLines(DM)).toHaveLength(1);
      expect(damageLines(DM)[0]).toMatchObject({ attribute });
    });

    it('given a detail or audit read, then a typed error names the application and the attribute', async () => {
      await damage(DM, attribute);
      for (const read of [
        () => service.application(DM),
        () => service.audit(DM),
        () => service.secrets(DM),
      ]) {
        const error: unknown = await read().catch((e: unknown) => e);
        expectDamaged(error, DM, attribute);
      }
      expect(damageLines(DM)).toHaveLength(3);
      expect((await service.application(SMC)).secrets).toHaveLength(1);
    });

    it('given any write (create, delete, sweep, audit entry, manager change), then nothing is written', async () => {
      const [secret] = await service.secrets(DM);
      await damage(DM, attribute);
      const before = await rawAttributes(DM);
      const assignment = new ManagerAssignment({
        keycloak,
        store: service.applications,
        credentials: service,
        catalogue: DEFAULT_API_CATALOGUE,
        now: () => harness.clock.now(),
      });
      const writes = [
        () => service.createSecret(DM, { name: 'Next', expiresOn: '2027-01-25' }, actor),
        () => service.deleteSecret(DM, secret?.id ?? '', actor, { force: true }),
        () => service.sweep(DM),
        () => service.recordAudit(DM, [{ at: epochSeconds(1), action: 'application-created', actor }]),
        () => assignment.remove(DM, 'no-such-user', actor),
      ];
      for (const write of writes) expectDamaged(await write().catch((e: unknown) => e), DM, attribute);
      expect(await rawAttributes(DM)).toEqual(before);
      expect(before[attribute]).toBe(GARBAGE);
    });

    it('given a claim taken on an older read, then the claimed write refuses the damaged fresh read', async () => {
      const stale = await service.applications.application(DM);
      await damage(DM, attribute);
      let worked = false;
      const outcome = await service
        .withApplicationClaim(stale, () => {
          worked = true;
          return Promise.resolve(undefined);
        })
        .catch((e: unknown) => e);
      // The revision claim re-reads only on a lost race; the fresh read under the claim is what refuses.
      expectDamaged(outcome, DM, attribute);
      expect(worked).toBe(false);
      expect((await rawAttributes(DM))[attribute]).toBe(GARBAGE);
    });

    it('given a sweep run, then the damaged application is skipped with a warn line and left as it is', async () => {
      await damage(DM, attribute);
      harness.clock.set(Date.UTC(2027, 0, 21, 9));
      const before = await rawAttributes(DM);
      const sweeper = new Sweeper({
        keycloak,
        credentials: service,
        catalogue: DEFAULT_API_CATALOGUE,
        logger: logs.logger,
        intervalSeconds: 60,
      });
      expect(await sweeper.runOnce()).toEqual({ applications: 3, swept: 1, failed: 1 });
      expect(await rawAttributes(DM)).toEqual(before);
      expect(damageLines(DM)).toHaveLength(1);
      expect((await service.secrets(SMC)).map((view) => view.status)).toEqual(['expired']);
    });

    it('given a reminder run, then the damaged application gets no notice, a warn line, and no write', async () => {
      await damage(DM, attribute);
      harness.clock.set(Date.UTC(2027, 0, 14, 9));
      const before = await rawAttributes(DM);
      const sent: OutgoingMail[] = [];
      const mailer: Mailer = {
        send: (mail) => {
          sent.push(mail);
          return Promise.resolve({ messageId: String(sent.length), accepted: [...mail.to], rejected: [] });
        },
        close: () => undefined,
      };
      const runner = new ReminderRunner({
        keycloak,
        credentials: service,
        mailer,
        now: () => harness.clock.now(),
        logger: logs.logger,
        catalogue: DEFAULT_API_CATALOGUE,
        settings: {
          publicUrl: 'https://credman.example.com',
          zone: ZONE,
          operatorEmail: 'operator@example.com',
          sidecarClientId: SIDECAR_CLIENT_ID,
        },
      });
      expect(await runner.runOnce()).toMatchObject({ applications: 3, due: 1, failed: 1 });
      expect(sent.map((mail) => mail.subject).filter((subject) => subject.includes(DM))).toEqual([]);
      expect(sent.map((mail) => mail.subject).filter((subject) => subject.includes(SMC))).toHaveLength(1);
      expect(await rawAttributes(DM)).toEqual(before);
      expect(damageLines(DM)).toHaveLength(1);
    });
  },
);

describe('the problem a read maps to', () => {
  it('is 409 metadata-damaged, naming the client ID and the attribute, never the content', () => {
    const error = new DamagedApplicationError(DM, AUDIT_ATTRIBUTE, { cause: new SyntaxError(GARBAGE) });
    const problem = toApiError(error)?.toProblem('/api/applications/x');
    expect(problem).toMatchObject({
      type: problemType('metadata-damaged'),
      title: 'Application metadata is damaged',
      status: 409,
    });
    expect(problem?.detail).toContain(DM);
    expect(problem?.detail).toContain(AUDIT_ATTRIBUTE);
    expect(JSON.stringify(problem)).not.toContain('DAMAGED-CONTENT-MARKER');
  });
});
