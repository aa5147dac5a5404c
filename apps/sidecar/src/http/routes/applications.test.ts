// The 409 a delete of a recently used secret answers: the problem says whether that use is certain or only an
// application login Keycloak did not attribute to one live secret, so API clients can word it as the console does.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ApplicationListSchema } from '@credman/api-contract';
import { problemType } from '@credman/domain';
import type { CredentialService } from '../../credentials/credential-service.ts';
import { SecretRecentlyUsedError } from '../../credentials/errors.ts';
import type { ApplicationListQuery } from '../../credentials/application-list.ts';
import type { LastUse } from '../../credentials/last-used.ts';
import { summarise } from '../../overview/summary.ts';
import type { RealmSummary } from '../../overview/summary.ts';
import { testApp } from '../../test/fixtures.ts';
import type { Principal } from '../principal.ts';
import { applicationRoutes } from './applications.ts';

const APP = 'Partner-NL-OrganisationName-DM';
const USED_AT = Date.UTC(2027, 2, 1, 9);
const alice: Principal = {
  userId: 'u-alice',
  username: 'alice',
  name: 'Alice',
  email: 'alice@example.org',
  isOperator: false,
  managedClientIds: [APP],
  acr: 'mfa',
};

/** The app with a credential service whose delete refuses with the given last use (unless forced). */
function appRefusing(lastUse: LastUse) {
  const service = {
    deleteSecret: (_clientId: string, _secretId: string, _actor: unknown, options: { force: boolean }) =>
      options.force ? Promise.resolve() : Promise.reject(new SecretRecentlyUsedError(lastUse)),
  } as unknown as CredentialService;
  return testApp({
    verifyToken: () => Promise.resolve(alice),
    apiRoutes: [applicationRoutes({ service, tokenEndpoint: 'http://kc/token' })],
  }).app;
}

describe('DELETE /api/applications/{clientId}/secrets/{secretId} of a recently used secret', () => {
  it('given a login Keycloak did not attribute, then 409 marks the use as ambiguous and says so', async () => {
    const app = appRefusing({ at: USED_AT, ambiguous: true });
    const response = await request(app)
      .delete(`/api/applications/${APP}/secrets/s-1`)
      .set('authorization', 'Bearer alice');
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      type: problemType('secret-recently-used'),
      lastUsedAt: new Date(USED_AT).toISOString(),
      lastUseAmbiguous: true,
    });
    expect((response.body as { detail: string }).detail).toContain(
      'may have used this secret: Keycloak did not say which of the live secrets was used',
    );
    const forced = await request(app)
      .delete(`/api/applications/${APP}/secrets/s-1?force=true`)
      .set('authorization', 'Bearer alice');
    expect(forced.status).toBe(204);
  });

  it('given a use of this very secret, then 409 says it was used, not ambiguous', async () => {
    const response = await request(appRefusing({ at: USED_AT, ambiguous: false }))
      .delete(`/api/applications/${APP}/secrets/s-1`)
      .set('authorization', 'Bearer alice');
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      lastUsedAt: new Date(USED_AT).toISOString(),
      lastUseAmbiguous: false,
      detail: `The secret was last used at ${new Date(USED_AT).toISOString()}. Delete it with force=true if your systems no longer use it.`,
    });
  });
});

describe('POST /api/applications/{clientId}/secrets', () => {
  it('answers the value with no ETag: a hash of a body holding a secret value is never sent', async () => {
    const service = {
      createSecret: () =>
        Promise.resolve({ secret: { id: 's-1', name: 'CI' }, value: 'the-value-shown-once' }),
    } as unknown as CredentialService;
    const app = testApp({
      verifyToken: () => Promise.resolve(alice),
      apiRoutes: [applicationRoutes({ service, tokenEndpoint: 'http://kc/token' })],
    }).app;
    const response = await request(app)
      .post(`/api/applications/${APP}/secrets`)
      .set('authorization', 'Bearer alice')
      .send({ name: 'CI', expiresOn: '2027-12-31' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ value: 'the-value-shown-once' });
    expect(response.headers.etag).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('GET /api/applications with the realm scan', () => {
  const operator: Principal = {
    ...alice,
    userId: 'u-olga',
    username: 'olga',
    isOperator: true,
    managedClientIds: [],
  };
  const OTHER = 'Partner-NL-Other-DM';
  const SCANNED_AT = Date.UTC(2027, 2, 1, 9);
  const scan: RealmSummary = {
    ...summarise([], { startedAt: SCANNED_AT - 2000, endedAt: SCANNED_AT }),
    applications: [APP, OTHER].map((clientId) => ({
      clientId,
      sandboxOnly: false,
      managers: 1,
      liveSecrets: 0,
      expiringAt: null,
      expiredAt: null,
      reasons: ['no-live-secret' as const, 'fewer-than-two-managers' as const],
    })),
  };
  const summary = (clientId: string) => ({
    clientId,
    name: {
      kind: 'Partner' as const,
      country: 'NL',
      countryName: 'Netherlands',
      organisation: clientId.split('-')[2] ?? '',
      api: 'DM',
      apiName: 'Direct Messaging',
      sandboxOnly: false,
    },
    liveSecrets: 0,
  });

  function appFor(principal: Principal, latestScan: () => RealmSummary | undefined) {
    const asked: ApplicationListQuery[] = [];
    const service = {
      listApplications: (query: ApplicationListQuery) => {
        asked.push(query);
        const ids = query.clientIds ?? [APP, OTHER];
        return Promise.resolve({ applications: ids.map(summary), hasMore: false });
      },
    } as unknown as CredentialService;
    const app = testApp({
      verifyToken: () => Promise.resolve(principal),
      apiRoutes: [applicationRoutes({ service, tokenEndpoint: 'http://kc/token', latestScan })],
    }).app;
    return { app, asked };
  }

  it('given an operator, then each row carries its condition and the list the scan it comes from', async () => {
    const { app } = appFor(operator, () => scan);
    const response = await request(app).get('/api/applications').set('authorization', 'Bearer olga');
    expect(response.status).toBe(200);
    const body = ApplicationListSchema.parse(response.body);
    expect(body.scan).toEqual({ at: new Date(SCANNED_AT).toISOString(), durationMs: 2000 });
    expect(body.applications.map((row) => row.condition?.managers)).toEqual([1, 1]);
  });

  it('given an operator before the first scan, then scan is null and a filter finds nothing', async () => {
    const { app, asked } = appFor(operator, () => undefined);
    const plain = await request(app).get('/api/applications').set('authorization', 'Bearer olga');
    expect(plain.body).toMatchObject({ scan: null });
    expect(ApplicationListSchema.parse(plain.body).applications.map((row) => row.condition)).toEqual([
      undefined,
      undefined,
    ]);
    const filtered = await request(app)
      .get('/api/applications?filter=no-live-secret')
      .set('authorization', 'Bearer olga');
    expect(filtered.body).toEqual({ first: 0, hasMore: false, scan: null, applications: [] });
    expect(asked).toHaveLength(1);
  });

  it('given an unknown filter, then 400 validation-failed as problem+json', async () => {
    const { app, asked } = appFor(operator, () => scan);
    const response = await request(app)
      .get('/api/applications?filter=everything')
      .set('authorization', 'Bearer olga');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: problemType('validation-failed'),
      errors: [expect.objectContaining({ field: 'filter' })],
    });
    expect(asked).toEqual([]);
  });

  it('given a manager, then the list of their token as before: no scan, no condition, no filter', async () => {
    const { app, asked } = appFor(alice, () => scan);
    const response = await request(app).get('/api/applications').set('authorization', 'Bearer alice');
    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty('scan');
    expect(ApplicationListSchema.parse(response.body).applications).toEqual([summary(APP)]);
    expect(asked).toEqual([{ clientIds: [APP], first: 0, max: 50 }]);

    const filtered = await request(app)
      .get('/api/applications?filter=no-live-secret')
      .set('authorization', 'Bearer alice');
    expect(filtered.status).toBe(403);
    expect(filtered.body).toMatchObject({ type: problemType('operator-required') });
    expect(JSON.stringify(filtered.body)).not.toContain(OTHER);
    expect(asked).toHaveLength(1);
  });
});
