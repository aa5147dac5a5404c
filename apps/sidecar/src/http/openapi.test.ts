import { PROBLEM_CODES, problemType } from '@credman/domain';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { CredentialService } from '../credentials/credential-service.ts';
import { nextDueAt } from '../reminders/next-due.ts';
import type { KeycloakPort } from '../keycloak/port.ts';
import { testApp } from '../test/fixtures.ts';
import { apiRoutes } from './routes/api-routes.ts';
import { OPENAPI_DOCUMENT } from './openapi.ts';
import type { HttpMethod, Operation } from '@credman/api-contract';
import { registeredRoutes } from './route-table.ts';

const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function documentedOperations() {
  return Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation: Operation | undefined = item[method];
      return operation === undefined ? [] : [{ key: `${method.toUpperCase()} ${path}`, operation }];
    }),
  );
}

/** Express `/a/:id` → OpenAPI `/a/{id}`. */
const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('OpenAPI document', () => {
  // The production route modules; their use cases are never called here, so the Keycloak port stays empty.
  const credentials = new CredentialService({
    nextDueAt,
    keycloak: {} as KeycloakPort,
    now: () => Date.now(),
    config: { zone: 'UTC', catalogue: DEFAULT_API_CATALOGUE },
  });
  const { app } = testApp({
    apiRoutes: apiRoutes({
      keycloak: {} as KeycloakPort,
      credentials,
      store: credentials.applications,
      catalogue: DEFAULT_API_CATALOGUE,
      now: () => Date.now(),
      tokenEndpoint: 'http://kc/token',
    }),
  });
  const registered = new Set(
    registeredRoutes(app.router).map(({ method, path }) => `${method} ${toOpenApiPath(path)}`),
  );

  it('finds the registered routes of the app', () => {
    expect(registered).toContain('GET /api/me');
    expect(registered).toContain('GET /healthz');
  });

  it('documents every registered route', () => {
    const documented = new Set(documentedOperations().map(({ key }) => key));
    expect([...registered].filter((route) => !documented.has(route))).toEqual([]);
  });

  it('marks exactly the unregistered operations as planned', () => {
    const mismatched = documentedOperations()
      .filter(({ key, operation }) => registered.has(key) === (operation['x-credman-status'] === 'planned'))
      .map(({ key }) => key);
    expect(mismatched).toEqual([]);
  });

  it('describes every endpoint of the HTTP API', () => {
    expect(
      documentedOperations()
        .map(({ key }) => key)
        .sort(),
    ).toEqual(
      [
        'GET /api/me',
        'GET /api/applications',
        'POST /api/applications',
        'PATCH /api/applications/{clientId}',
        'GET /api/applications/{clientId}',
        'POST /api/applications/{clientId}/secrets',
        'PATCH /api/applications/{clientId}/secrets/{secretId}',
        'DELETE /api/applications/{clientId}/secrets/{secretId}',
        'POST /api/applications/{clientId}/secrets/{secretId}/use-confirmation',
        'GET /api/applications/{clientId}/audit',
        'GET /api/users',
        'GET /api/overview',
        'GET /api/applications/{clientId}/managers',
        'PUT /api/applications/{clientId}/managers/{userId}',
        'DELETE /api/applications/{clientId}/managers/{userId}',
        'GET /api/openapi.json',
        'GET /api/console-config',
        'GET /healthz',
        'GET /readyz',
      ].sort(),
    );
  });

  it('declares every path parameter and resolves every $ref', () => {
    const text = JSON.stringify(OPENAPI_DOCUMENT);
    for (const [, kind, name] of text.matchAll(/"#\/components\/(\w+)\/([\w-]+)"/g)) {
      const section = OPENAPI_DOCUMENT.components[kind as keyof typeof OPENAPI_DOCUMENT.components] as Record<
        string,
        unknown
      >;
      expect(section[name!], `${kind}/${name}`).toBeDefined();
    }
    for (const [path, item] of Object.entries(OPENAPI_DOCUMENT.paths)) {
      const declared = (item.parameters ?? []).map((parameter) =>
        '$ref' in parameter ? parameter.$ref.split('/').pop() : parameter.name,
      );
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) expect(declared, path).toContain(name);
    }
  });

  it('lists every problem code in the Problem schema and uses the bearer scheme by default', () => {
    const typeSchema = OPENAPI_DOCUMENT.components.schemas.Problem?.properties?.type;
    expect(typeSchema?.oneOf?.map((option) => option.const)).toEqual(PROBLEM_CODES.map(problemType));
    expect(OPENAPI_DOCUMENT.security).toEqual([{ bearer: [] }]);
    expect(OPENAPI_DOCUMENT.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('is served without authentication at GET /api/openapi.json', async () => {
    const response = await request(app).get('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
  });
});
