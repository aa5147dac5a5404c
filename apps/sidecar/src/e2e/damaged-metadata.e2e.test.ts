// A damaged credman attribute seen over HTTP (docs/architecture.md#damaged-metadata): the list shows the
// application marked damaged, its page, audit and writes answer 409 metadata-damaged naming the client ID and
// the attribute, one warn line per request names it, and the attribute is never written over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '@credman/domain';
import { AUDIT_ATTRIBUTE } from '../store/records/codecs.ts';
import { DM, SMC, startE2e } from './testing/harness.ts';
import type { E2e } from './testing/harness.ts';

const GARBAGE = '[{"DAMAGED-CONTENT-MARKER": ';
let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e();
  const client = await e2e.keycloak.findClientByClientId(DM);
  if (!client) throw new Error(`no client ${DM}`);
  await e2e.keycloak.updateClient(client, { attributes: { [AUDIT_ATTRIBUTE]: GARBAGE } });
});

afterAll(async () => {
  await e2e.close();
});

async function expectDamagedProblem(response: Response): Promise<void> {
  expect(response.status).toBe(409);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem).toMatchObject({
    type: problemType('metadata-damaged'),
    title: 'Application metadata is damaged',
    status: 409,
  });
  expect(problem.detail).toContain(DM);
  expect(problem.detail).toContain(AUDIT_ATTRIBUTE);
  expect(JSON.stringify(problem)).not.toContain('DAMAGED-CONTENT-MARKER');
}

describe('an application whose credman.audit is damaged, over HTTP', () => {
  it('given the operator list, then it is listed and marked damaged; the others are as they were', async () => {
    const response = await e2e.api('olivia', '/applications');
    expect(response.status).toBe(200);
    const list = (await response.json()) as { applications: Record<string, unknown>[] };
    expect(list.applications.find((entry) => entry.clientId === DM)).toMatchObject({
      liveSecrets: 0,
      damaged: { attribute: AUDIT_ATTRIBUTE },
    });
    expect(list.applications.find((entry) => entry.clientId === SMC)).not.toHaveProperty('damaged');
  });

  it('given its page, its audit or a new secret, then 409 metadata-damaged and nothing is written', async () => {
    await expectDamagedProblem(await e2e.api('olivia', `/applications/${DM}`));
    await expectDamagedProblem(await e2e.api('alice', `/applications/${DM}/audit`));
    await expectDamagedProblem(
      await e2e.api('alice', `/applications/${DM}/secrets`, {
        method: 'POST',
        body: JSON.stringify({ name: 'Blocked', expiresOn: e2e.dateIn(30) }),
      }),
    );
    expect((await e2e.keycloak.findClientByClientId(DM))?.attributes[AUDIT_ATTRIBUTE]).toBe(GARBAGE);
    const warnings = e2e.logs.lines().filter((line) => line.level === 40 && line.clientId === DM);
    expect(warnings.length).toBeGreaterThanOrEqual(4);
    expect(warnings.every((line) => line.attribute === AUDIT_ATTRIBUTE)).toBe(true);
    expect(e2e.logs.text()).not.toContain('DAMAGED-CONTENT-MARKER');
  });
});
