import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '@credman/domain';
import type { Problem } from '@credman/domain';
import type { Express } from 'express';
import {
  GROUP_MANAGED_APP,
  startOperatorTestDouble,
} from '../../applications/testing/operator-test-double.ts';
import type { OperatorTestDouble } from '../../applications/testing/operator-test-double.ts';
import { testApp } from '../../test/fixtures.ts';
import { cacheManagerRights } from '../manager-rights.ts';
import { OPENAPI_DOCUMENT } from '../openapi.ts';
import type { Principal } from '../principal.ts';
import { registeredRoutes } from '../route-table.ts';
import { unauthenticated } from '../problems.ts';
import { operatorRoutes } from './operator.ts';

// Tokens are not what these tests are about (auth.test.ts covers verification): a bearer names a principal.
const PRINCIPALS: Record<string, Principal> = {
  olivia: {
    userId: 'u-olivia',
    username: 'olivia',
    name: 'Olivia Operator',
    email: 'olivia@example.org',
    isOperator: true,
    managedClientIds: [],
    acr: 'mfa',
  },
  alice: {
    userId: 'u-alice',
    username: 'alice',
    name: 'Alice',
    email: 'alice@example.org',
    isOperator: false,
    managedClientIds: ['Partner-NL-OrganisationName-DM', 'Partner-NL-OrganisationName-SMC'],
    acr: 'mfa',
  },
  nora: {
    userId: 'u-nora',
    username: 'nora',
    name: 'Nora',
    email: 'nora@example.org',
    isOperator: false,
    managedClientIds: [],
    acr: 'mfa',
  },
};

const DM_APP = 'Partner-NL-OrganisationName-DM';
const ALT_APP = 'PartnerAlternative-NL-OrganisationName-SMC';

let env: OperatorTestDouble;
let app: Express;
const rightsAsked: string[] = [];
const rights = cacheManagerRights({
  isManager: (userId, clientId) => {
    rightsAsked.push(`${userId} ${clientId}`);
    return Promise.resolve(false);
  },
});

beforeAll(async () => {
  env = await startOperatorTestDouble(Date.UTC(2027, 2, 1, 9));
  app = testApp({
    verifyToken: (token) => {
      const principal = PRINCIPALS[token];
      return principal ? Promise.resolve(principal) : Promise.reject(unauthenticated('unknown test token'));
    },
    managerRights: rights,
    apiRoutes: [operatorRoutes(env.deps)],
  }).app;
});
afterAll(() => env.close());

const as = (who: string) => ({ authorization: `Bearer ${who}` });

interface ManagerListBody {
  managers: { username: string; via: string }[];
  warnings: string[];
}
const problemOf = (response: { body: unknown }) => response.body as Problem;
const fieldsOf = (response: { body: unknown }) =>
  (problemOf(response).errors ?? []).map((e) => [e.field, e.reason]);
const managerListOf = (response: { body: unknown }) => response.body as ManagerListBody;
const problem = (code: Parameters<typeof problemType>[0]) => problemType(code);

describe('POST /api/applications', () => {
  const body = {
    kind: 'Partner',
    country: 'BE',
    organisation: 'Brussel',
    api: 'DM',
    permissions: ['dm.production'],
  };

  it('creates an application for an operator: 201 with the application and a manager warning', async () => {
    const response = await request(app).post('/api/applications').set(as('olivia')).send(body);
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe('/api/applications/Partner-BE-Brussel-DM');
    expect(response.body).toMatchObject({
      clientId: 'Partner-BE-Brussel-DM',
      name: { kind: 'Partner', country: 'BE', organisation: 'Brussel', api: 'DM', sandboxOnly: false },
      permissions: ['dm.production'],
      managers: [],
      warnings: ['fewer-than-two-managers'],
    });
    expect((await env.credentials.audit('Partner-BE-Brussel-DM')).map((e) => e.actor?.username)).toEqual([
      'olivia',
    ]);
  });

  it('answers 409 already-exists for an existing client ID', async () => {
    const response = await request(app).post('/api/applications').set(as('olivia')).send(body);
    expect(response.status).toBe(409);
    expect(problemOf(response).type).toBe(problem('already-exists'));
  });

  it('answers 400 validation-failed with a field error per invalid part', async () => {
    const response = await request(app)
      .post('/api/applications')
      .set(as('olivia'))
      .send({ ...body, kind: 'PartnerAlternative', country: 'ZZ', permissions: ['dm.production'] });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(problemOf(response).type).toBe(problem('validation-failed'));
    expect(fieldsOf(response)).toEqual([
      ['country', 'unknown-country'],
      ['api', 'not-for-partner-alternative'],
      ['permissions.0', 'production-not-allowed'],
    ]);
  });

  it('answers 400 for a malformed body (shape) before any domain rule', async () => {
    const response = await request(app)
      .post('/api/applications')
      .set(as('olivia'))
      .send({ ...body, permissions: 'dm.production', extra: true });
    expect(response.status).toBe(400);
    expect(fieldsOf(response)).toEqual(
      expect.arrayContaining([
        ['permissions', 'invalid-type'],
        ['extra', 'unknown-field'],
      ]),
    );
  });

  it('answers 403 operator-required to anyone else, and creates nothing', async () => {
    const response = await request(app)
      .post('/api/applications')
      .set(as('alice'))
      .send({ ...body, organisation: 'NotAllowed' });
    expect(response.status).toBe(403);
    expect(problemOf(response).type).toBe(problem('operator-required'));
    expect(await env.keycloak.findClientByClientId('Partner-BE-NotAllowed-DM')).toBeUndefined();
  });
});

describe('GET /api/users', () => {
  it('searches users for an operator', async () => {
    const response = await request(app).get('/api/users?search=nora').set(as('olivia'));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      users: [
        {
          id: await env.userId('nora'),
          username: 'nora',
          name: 'Nora Noroles',
          email: 'nora.noroles@example.org',
          emailVerified: true,
        },
      ],
      first: 0,
      max: 20,
    });
  });

  it('validates paging (max at most 100) and refuses non-operators', async () => {
    expect((await request(app).get('/api/users?max=101').set(as('olivia'))).status).toBe(400);
    expect((await request(app).get('/api/users?first=-1').set(as('olivia'))).status).toBe(400);
    expect(
      ((await request(app).get('/api/users?max=2').set(as('olivia'))).body as { users: unknown[] }).users,
    ).toHaveLength(2);
    const refused = await request(app).get('/api/users?search=nora').set(as('alice'));
    expect(refused.status).toBe(403);
    expect(problemOf(refused).type).toBe(problem('operator-required'));
  });
});

describe('managers', () => {
  it('lists managers to operators and to the application’s managers, 404 to others', async () => {
    const byOperator = await request(app)
      .get(`/api/applications/${GROUP_MANAGED_APP}/managers`)
      .set(as('olivia'));
    expect(byOperator.status).toBe(200);
    expect(managerListOf(byOperator).managers.map((m) => [m.username, m.via])).toEqual([
      ['alice', 'direct'],
      ['gina', 'group:/partners/smc-team'],
    ]);
    expect(managerListOf(byOperator).warnings).toEqual([]);
    const byManager = await request(app)
      .get(`/api/applications/${GROUP_MANAGED_APP}/managers`)
      .set(as('alice'));
    expect(byManager.body).toEqual(byOperator.body);
    const byOther = await request(app).get(`/api/applications/${GROUP_MANAGED_APP}/managers`).set(as('nora'));
    expect(byOther.status).toBe(404);
    const unknown = await request(app)
      .get('/api/applications/Partner-NL-Nothing-DM/managers')
      .set(as('olivia'));
    expect(unknown.status).toBe(404);
    expect(problemOf(unknown).type).toBe(problem('not-found'));
  });

  it('adds and removes a manager (idempotently), with warnings and audit entries', async () => {
    const nora = await env.userId('nora');
    const path = `/api/applications/${ALT_APP}/managers/${nora}`;
    const added = await request(app).put(path).set(as('olivia'));
    expect(added.status).toBe(200);
    expect(managerListOf(added).managers.map((m) => m.username)).toEqual(['bob', 'nora']);
    expect(managerListOf(added).warnings).toEqual([]);
    expect((await request(app).put(path).set(as('olivia'))).status).toBe(200);

    const removed = await request(app).delete(path).set(as('olivia'));
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ warnings: ['fewer-than-two-managers'] });
    expect((await request(app).delete(path).set(as('olivia'))).status).toBe(200);

    const audit = await env.credentials.audit(ALT_APP);
    expect(audit.map((e) => [e.action, e.subject?.username, e.actor?.username])).toEqual([
      ['manager-removed', 'nora', 'olivia'],
      ['manager-added', 'nora', 'olivia'],
    ]);
    // The person concerned by full name too, as the actor: the console shows names in both columns.
    expect(audit.map((e) => [e.subject?.name, e.actor?.name])).toEqual([
      ['Nora Noroles', 'Olivia Operator'],
      ['Nora Noroles', 'Olivia Operator'],
    ]);
  });

  it('refuses a user id that is not a UUID with 400 and changes nothing', async () => {
    const before = await env.credentials.audit(ALT_APP);
    for (const userId of ['.', '%2E', '%2E%2E', 'not-a-uuid', '..%2Fgroups'])
      for (const method of ['put', 'delete'] as const) {
        const path = `/api/applications/${ALT_APP}/managers/${userId}`;
        const sent = method === 'put' ? request(app).put(path) : request(app).delete(path);
        const response = await sent.set(as('olivia'));
        expect([userId, method, response.status, problemOf(response).type]).toEqual([
          userId,
          method,
          400,
          problem('validation-failed'),
        ]);
      }
    expect(await env.credentials.audit(ALT_APP)).toEqual(before);
  });

  it('forgets the cached manager right of a user whose role credman changed', async () => {
    const nora = await env.userId('nora');
    await rights.isManager(nora, DM_APP);
    const askedBefore = rightsAsked.length;
    await request(app).put(`/api/applications/${DM_APP}/managers/${nora}`).set(as('olivia')).expect(200);
    await rights.isManager(nora, DM_APP);
    expect(rightsAsked.length).toBe(askedBefore + 1);
    await request(app).delete(`/api/applications/${DM_APP}/managers/${nora}`).set(as('olivia')).expect(200);
  });

  it('refuses an unverified email with 400 email-not-verified', async () => {
    const response = await request(app)
      .put(`/api/applications/${ALT_APP}/managers/${await env.userId('uma')}`)
      .set(as('olivia'));
    expect(response.status).toBe(400);
    expect(problemOf(response).type).toBe(problem('validation-failed'));
    expect(problemOf(response).errors).toEqual([
      expect.objectContaining({ field: 'userId', reason: 'email-not-verified' }),
    ]);
  });

  it('answers 400 managed-through-group when removing a group-derived manager', async () => {
    const response = await request(app)
      .delete(`/api/applications/${GROUP_MANAGED_APP}/managers/${await env.userId('gina')}`)
      .set(as('olivia'));
    expect(response.status).toBe(400);
    expect(problemOf(response).errors).toEqual([
      expect.objectContaining({ reason: 'managed-through-group' }),
    ]);
  });

  it('answers 404 for an unknown user or application and 403 to non-operators', async () => {
    const nora = await env.userId('nora');
    const unknownUser = await request(app)
      .put(`/api/applications/${ALT_APP}/managers/00000000-0000-4000-8000-000000000000`)
      .set(as('olivia'));
    expect(unknownUser.status).toBe(404);
    const unknownApp = await request(app)
      .put(`/api/applications/Partner-NL-Nothing-DM/managers/${nora}`)
      .set(as('olivia'));
    expect(unknownApp.status).toBe(404);
    // Even a manager of the application may not change its managers.
    const byManager = await request(app).put(`/api/applications/${DM_APP}/managers/${nora}`).set(as('alice'));
    expect(byManager.status).toBe(403);
    expect(problemOf(byManager).type).toBe(problem('operator-required'));
    expect(
      (await request(app).delete(`/api/applications/${DM_APP}/managers/${nora}`).set(as('alice'))).status,
    ).toBe(403);
  });
});

describe('OpenAPI', () => {
  it('documents every operator route as implemented (not planned)', () => {
    const routes = registeredRoutes(app.router)
      .filter(({ path }) => path.startsWith('/api/'))
      .filter(
        ({ path }) => path !== '/api/me' && path !== '/api/openapi.json' && path !== '/api/console-config',
      );
    expect(routes.length).toBe(6);
    for (const { method, path } of routes) {
      const documented = OPENAPI_DOCUMENT.paths[path.replace(/:(\w+)/g, '{$1}')];
      const operation = documented?.[method.toLowerCase() as 'get' | 'put' | 'post' | 'patch' | 'delete'];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation?.['x-credman-status'], `${method} ${path}`).toBeUndefined();
    }
  });
});
