// The sidecar's API as an OpenAPI 3.1 document (served at GET /api/openapi.json). It describes every endpoint of
// design §6; endpoints not served yet carry `x-credman-status: planned`. A test checks it against the router.
import { PROBLEMS, PROBLEM_CODES, problemType } from '@credman/domain';
import type { ProblemCode } from '@credman/domain';
import type { OpenApiDocument, Operation, Response, Schema } from './openapi-types.ts';

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const responseRef = (name: string) => ({ $ref: `#/components/responses/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const ok = (description: string, schema: Schema): Response => ({ description, content: json(schema) });

/** Problem responses every authenticated endpoint may give. */
const AUTHENTICATED_ERRORS: Operation['responses'] = {
  '401': responseRef('Unauthenticated'),
  '403': responseRef('Forbidden'),
  '429': responseRef('RateLimited'),
  '500': responseRef('InternalError'),
  '503': responseRef('KeycloakUnavailable'),
};

const PLANNED = { 'x-credman-status': 'planned' } as const;

function problemResponse(
  description: string,
  codes: readonly ProblemCode[],
  headers: string[] = [],
): Response {
  const response: Response = {
    description: `${description} Codes: ${codes.map((code) => `\`${code}\``).join(', ')}.`,
    content: { 'application/problem+json': { schema: ref('Problem') } },
  };
  if (headers.length > 0) {
    response.headers = Object.fromEntries(
      headers.map((name) => [name, { $ref: `#/components/headers/${name}` }]),
    );
  }
  return response;
}

const clientIdParameter = { $ref: '#/components/parameters/clientId' };

const schemas: Record<string, Schema> = {
  Problem: {
    type: 'object',
    description:
      'RFC 9457 problem details. `type` is a stable credman code; clients branch on it, not on `title`.',
    required: ['type', 'title', 'status'],
    properties: {
      type: {
        type: 'string',
        oneOf: PROBLEM_CODES.map((code) => ({
          const: problemType(code),
          title: PROBLEMS[code].title,
          description: `HTTP ${PROBLEMS[code].status}`,
        })),
      },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string' },
      instance: { type: 'string', description: 'Path of the request that failed.' },
      requestId: { type: 'string', description: 'The request id, also in the x-request-id response header.' },
      errors: { type: 'array', items: ref('FieldError'), description: 'Present on `validation-failed`.' },
    },
  },
  FieldError: {
    type: 'object',
    required: ['field', 'reason', 'message'],
    properties: {
      field: { type: 'string', examples: ['name', 'parts.country'] },
      reason: { type: 'string', examples: ['required', 'too-long'] },
      message: { type: 'string' },
    },
  },
  Me: {
    type: 'object',
    required: ['id', 'username', 'name', 'email', 'isOperator', 'acr', 'managedClientIds'],
    properties: {
      id: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      email: { type: ['string', 'null'] },
      isOperator: { type: 'boolean' },
      acr: { type: 'string', description: 'Authentication level of the login, e.g. `mfa`.' },
      managedClientIds: { type: 'array', items: { type: 'string' } },
    },
  },
  Health: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } },
  Readiness: {
    type: 'object',
    required: ['ok', 'checks'],
    properties: {
      ok: { type: 'boolean' },
      checks: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          required: ['ok'],
          properties: { ok: { type: 'boolean' }, detail: { type: 'string' } },
        },
      },
    },
  },
  Person: {
    type: 'object',
    required: ['id', 'username', 'name'],
    properties: { id: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' } },
  },
  User: {
    type: 'object',
    required: ['id', 'username', 'name', 'email'],
    properties: {
      id: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      email: { type: ['string', 'null'] },
    },
  },
  SecretStatus: { type: 'string', enum: ['active', 'expiring', 'expired', 'deleted'] },
  Secret: {
    type: 'object',
    description: 'Metadata of a secret. The value is never part of it.',
    required: ['id', 'name', 'hint', 'createdAt', 'createdBy', 'expiresAt', 'status'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string', minLength: 1, maxLength: 64 },
      hint: { type: 'string', description: 'The first 3 characters of the secret.' },
      createdAt: { type: 'string', format: 'date-time' },
      createdBy: ref('Person'),
      expiresAt: { type: 'string', format: 'date-time' },
      status: ref('SecretStatus'),
      deletedAt: { type: 'string', format: 'date-time' },
      deletedBy: ref('Person'),
    },
  },
  NameParts: {
    type: 'object',
    required: ['prefix', 'country', 'organisation', 'api'],
    properties: {
      prefix: { type: 'string', enum: ['Partner', 'PartnerAlternative'] },
      country: { type: 'string', pattern: '^[A-Z]{2}$' },
      organisation: { type: 'string', pattern: '^[A-Za-z0-9]{2,40}$' },
      api: { type: 'string', examples: ['DM', 'SMC'] },
    },
  },
  ApplicationSummary: {
    type: 'object',
    required: ['clientId', 'parts', 'secrets'],
    properties: {
      clientId: { type: 'string' },
      parts: ref('NameParts'),
      secrets: { type: 'array', items: ref('Secret'), maxItems: 2, description: 'Live secrets only.' },
    },
  },
  ApplicationList: {
    type: 'object',
    required: ['items', 'first', 'max'],
    properties: {
      items: { type: 'array', items: ref('ApplicationSummary') },
      first: { type: 'integer', minimum: 0 },
      max: { type: 'integer', minimum: 1 },
    },
  },
  ApplicationDetail: {
    type: 'object',
    required: ['clientId', 'parts', 'permissions', 'tokenEndpoint', 'secrets', 'managers'],
    properties: {
      clientId: { type: 'string' },
      parts: ref('NameParts'),
      permissions: { type: 'array', items: { type: 'string' }, examples: [['smc.production']] },
      tokenEndpoint: { type: 'string', format: 'uri' },
      secrets: { type: 'array', items: ref('Secret'), description: 'Live and past secrets.' },
      managers: { type: 'array', items: ref('User') },
    },
  },
  CreateApplication: {
    type: 'object',
    required: ['prefix', 'country', 'organisation', 'api', 'permissions'],
    additionalProperties: false,
    properties: {
      prefix: { type: 'string', enum: ['Partner', 'PartnerAlternative'] },
      country: { type: 'string', pattern: '^[A-Z]{2}$' },
      organisation: { type: 'string', pattern: '^[A-Za-z0-9]{2,40}$' },
      api: { type: 'string' },
      permissions: { type: 'array', items: { type: 'string' } },
    },
  },
  CreateSecret: {
    type: 'object',
    required: ['name', 'expiresOn'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 64 },
      expiresOn: {
        type: 'string',
        format: 'date',
        description: 'Last day the secret works (configured time zone).',
      },
    },
  },
  CreatedSecret: {
    type: 'object',
    required: ['secret', 'value'],
    properties: {
      secret: ref('Secret'),
      value: { type: 'string', description: 'The secret value. Shown this once and never again.' },
    },
  },
  AuditEntry: {
    type: 'object',
    required: ['at', 'actor', 'action'],
    properties: {
      at: { type: 'string', format: 'date-time' },
      actor: ref('Person'),
      action: {
        type: 'string',
        enum: [
          'secret-created',
          'secret-deleted',
          'secret-expired',
          'reconciled',
          'manager-added',
          'manager-removed',
        ],
      },
      secret: {
        type: 'object',
        properties: { id: { type: 'string' }, name: { type: 'string' }, hint: { type: 'string' } },
      },
    },
  },
};

export const OPENAPI_DOCUMENT: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'credman sidecar API',
    version: '0.1.0',
    description:
      'Self-service rotation of Keycloak client secrets. Errors are RFC 9457 problem documents with a stable `type`.',
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }],
  tags: [
    { name: 'session', description: 'The caller.' },
    { name: 'applications', description: 'Applications and their secrets.' },
    { name: 'operators', description: 'Operator-only administration.' },
    { name: 'operations', description: 'Probes and this document.' },
  ],
  paths: {
    '/api/me': {
      get: {
        operationId: 'getMe',
        summary: 'Who I am: operator or not, MFA level, applications I manage.',
        tags: ['session'],
        responses: { '200': ok('The caller.', ref('Me')), ...AUTHENTICATED_ERRORS },
      },
    },
    '/api/applications': {
      get: {
        ...PLANNED,
        operationId: 'listApplications',
        summary: 'Applications I manage (operators: all), with their live secrets.',
        tags: ['applications'],
        parameters: [
          { name: 'search', in: 'query', schema: { type: 'string', maxLength: 100 } },
          { name: 'first', in: 'query', schema: { type: 'integer', minimum: 0 } },
          { name: 'max', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
        ],
        responses: {
          '200': ok('A page of applications.', ref('ApplicationList')),
          '400': responseRef('ValidationFailed'),
          ...AUTHENTICATED_ERRORS,
        },
      },
      post: {
        ...PLANNED,
        operationId: 'createApplication',
        summary: 'Create an application under the naming convention (operators).',
        tags: ['operators'],
        requestBody: { required: true, content: json(ref('CreateApplication')) },
        responses: {
          '201': ok('The new application.', ref('ApplicationDetail')),
          '400': responseRef('ValidationFailed'),
          '409': problemResponse('The application exists.', ['already-exists']),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/applications/{clientId}': {
      parameters: [clientIdParameter],
      get: {
        ...PLANNED,
        operationId: 'getApplication',
        summary: 'Application detail: name parts, permissions, token endpoint, secrets, managers.',
        tags: ['applications'],
        responses: {
          '200': ok('The application.', ref('ApplicationDetail')),
          '404': responseRef('NotFound'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/applications/{clientId}/secrets': {
      parameters: [clientIdParameter],
      post: {
        ...PLANNED,
        operationId: 'createSecret',
        summary: 'Create a secret; the response carries its value, once.',
        tags: ['applications'],
        requestBody: { required: true, content: json(ref('CreateSecret')) },
        responses: {
          '201': ok('The secret and its value.', ref('CreatedSecret')),
          '400': responseRef('ValidationFailed'),
          '404': responseRef('NotFound'),
          '409': responseRef('Conflict'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/applications/{clientId}/secrets/{secretId}': {
      parameters: [
        clientIdParameter,
        { name: 'secretId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      ],
      delete: {
        ...PLANNED,
        operationId: 'deleteSecret',
        summary: 'Delete a live secret; it stops working at once.',
        tags: ['applications'],
        responses: {
          '204': { description: 'Deleted.' },
          '404': responseRef('NotFound'),
          '409': responseRef('Conflict'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/applications/{clientId}/audit': {
      parameters: [clientIdParameter],
      get: {
        ...PLANNED,
        operationId: 'getAudit',
        summary: "The application's audit trail, newest first.",
        tags: ['applications'],
        responses: {
          '200': ok('Audit entries.', { type: 'array', items: ref('AuditEntry') }),
          '404': responseRef('NotFound'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/applications/{clientId}/managers/{userId}': {
      parameters: [
        clientIdParameter,
        { name: 'userId', in: 'path', required: true, schema: { type: 'string' } },
      ],
      put: {
        ...PLANNED,
        operationId: 'addManager',
        summary: 'Make a user a credential manager of the application (operators).',
        tags: ['operators'],
        responses: {
          '204': { description: 'The user manages the application.' },
          '404': responseRef('NotFound'),
          ...AUTHENTICATED_ERRORS,
        },
      },
      delete: {
        ...PLANNED,
        operationId: 'removeManager',
        summary: 'Remove a credential manager from the application (operators).',
        tags: ['operators'],
        responses: {
          '204': { description: 'The user no longer manages it.' },
          '404': responseRef('NotFound'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/users': {
      get: {
        ...PLANNED,
        operationId: 'searchUsers',
        summary: 'Find users to make managers (operators).',
        tags: ['operators'],
        parameters: [
          {
            name: 'search',
            in: 'query',
            required: true,
            schema: { type: 'string', minLength: 1, maxLength: 100 },
          },
        ],
        responses: {
          '200': ok('Matching users.', { type: 'array', items: ref('User') }),
          '400': responseRef('ValidationFailed'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document.',
        tags: ['operations'],
        security: [],
        responses: { '200': ok('The OpenAPI document.', { type: 'object' }) },
      },
    },
    '/healthz': {
      get: {
        operationId: 'getHealth',
        summary: 'Liveness: the process serves HTTP.',
        tags: ['operations'],
        security: [],
        responses: { '200': ok('Alive.', ref('Health')) },
      },
    },
    '/readyz': {
      get: {
        operationId: 'getReadiness',
        summary: 'Readiness: Keycloak is reachable.',
        tags: ['operations'],
        security: [],
        responses: { '200': ok('Ready.', ref('Readiness')), '503': ok('Not ready.', ref('Readiness')) },
      },
    },
  },
  components: {
    schemas,
    parameters: {
      clientId: {
        name: 'clientId',
        in: 'path',
        required: true,
        description: "The application's Keycloak client ID.",
        schema: { type: 'string' },
      },
    },
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before retrying.',
        schema: { type: 'integer', minimum: 1 },
      },
      'WWW-Authenticate': {
        description: 'RFC 6750 / RFC 9470 bearer challenge.',
        schema: { type: 'string' },
      },
      Allow: { description: 'Methods the path supports.', schema: { type: 'string' } },
    },
    responses: {
      ValidationFailed: problemResponse('The request is invalid; `errors` lists the fields.', [
        'validation-failed',
      ]),
      Unauthenticated: problemResponse(
        'No or invalid access token.',
        ['unauthenticated'],
        ['WWW-Authenticate'],
      ),
      Forbidden: problemResponse(
        'Multi-factor login missing, or not an operator.',
        ['mfa-required', 'operator-required'],
        ['WWW-Authenticate'],
      ),
      NotFound: problemResponse('Unknown application, or not one of yours.', ['not-found']),
      Conflict: problemResponse('The change conflicts with the current state.', [
        'secret-limit',
        'conflict',
        'secret-recently-used',
      ]),
      RateLimited: problemResponse('Too many changes; retry later.', ['rate-limited'], ['Retry-After']),
      InternalError: problemResponse('Unexpected failure; quote the requestId.', ['internal-error']),
      KeycloakUnavailable: problemResponse(
        'Keycloak is unavailable; retry later.',
        ['keycloak-unavailable'],
        ['Retry-After'],
      ),
    },
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'An access token of the credman console client issued by the realm, with multi-factor acr.',
      },
    },
  },
};
