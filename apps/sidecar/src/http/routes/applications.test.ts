// The 409 a delete of a recently used secret answers: the problem says whether that use is certain or only an
// application login Keycloak did not attribute to one live secret, so API clients can word it as the console does.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { problemType } from '@credman/domain';
import type { CredentialService } from '../../credentials/credential-service.ts';
import { SecretRecentlyUsedError } from '../../credentials/credential-service.ts';
import type { LastUse } from '../../credentials/last-used.ts';
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
