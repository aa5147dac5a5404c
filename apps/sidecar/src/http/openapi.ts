// The sidecar's API as an OpenAPI 3.1 document (served at GET /api/openapi.json). It describes every endpoint of
// the HTTP API (docs/architecture.md#http-api); endpoints not served yet carry `x-credman-status: planned`. A
// test checks it against the router.
import { AUDIT_ACTIONS } from '../audit/audit-trail.ts';
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
      lastUsedAt: {
        type: 'string',
        format: 'date-time',
        description: 'Present on `secret-recently-used`: as `Secret.lastUsedAt`.',
      },
      lastUseAmbiguous: {
        type: 'boolean',
        description: 'Present on `secret-recently-used`: as `Secret.lastUseAmbiguous`.',
      },
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
    required: ['id', 'username', 'name', 'email', 'isOperator', 'acr', 'managedClientIds', 'expiryPolicy'],
    properties: {
      id: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      email: { type: ['string', 'null'] },
      isOperator: { type: 'boolean' },
      acr: { type: 'string', description: 'Authentication level of the login, e.g. `mfa`.' },
      managedClientIds: { type: 'array', items: { type: 'string' } },
      expiryPolicy: {
        type: 'object',
        description: 'The rules a new secret expiry date follows (end of the chosen day in `zone`).',
        required: ['zone'],
        properties: {
          zone: { type: 'string', description: 'IANA time zone.' },
          maxValidityDays: { type: 'integer', minimum: 1, maximum: 366 },
        },
      },
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
  SecretStatus: {
    type: 'string',
    enum: ['active', 'expiring', 'expired', 'deleted', 'lost'],
    description: 'expiring: under 30 days left; lost: removed from Keycloak outside credman.',
  },
  Secret: {
    type: 'object',
    description: 'Metadata of a secret. The value is never part of it.',
    required: ['id', 'name', 'hint', 'createdAt', 'createdBy', 'expiresAt', 'expiresOn', 'status'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string', minLength: 1, maxLength: 64 },
      hint: { type: 'string', description: 'The first 3 characters of the secret.' },
      createdAt: { type: 'string', format: 'date-time' },
      createdBy: ref('Person'),
      expiresAt: { type: 'string', format: 'date-time', description: 'The last second the secret works.' },
      expiresOn: { type: 'string', format: 'date', description: 'The expiry date the manager chose.' },
      status: ref('SecretStatus'),
      endedAt: { type: 'string', format: 'date-time', description: 'When it was deleted, expired or lost.' },
      lastUsedAt: {
        type: 'string',
        format: 'date-time',
        description:
          'Latest token request with this secret, or that may have been with it (see `lastUseAmbiguous`), when Keycloak records CLIENT_LOGIN events.',
      },
      lastUseAmbiguous: {
        type: 'boolean',
        description:
          'Present with `lastUsedAt`. true: a token request of the application at that time, when two secrets were live and Keycloak did not say which one was used (Keycloak 26.7 never says), so it may have been the other. false: this secret was used.',
      },
    },
  },
  ApplicationName: {
    type: 'object',
    description: 'The parts of a naming-convention client ID.',
    required: ['kind', 'country', 'countryName', 'organisation', 'api', 'apiName', 'sandboxOnly'],
    properties: {
      kind: { type: 'string', enum: ['Partner', 'PartnerAlternative'] },
      country: { type: 'string', pattern: '^[A-Z]{2}$' },
      countryName: { type: 'string' },
      organisation: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]{1,39}$' },
      api: { type: 'string', examples: ['DM', 'SMC'] },
      apiName: { type: 'string' },
      sandboxOnly: { type: 'boolean' },
    },
  },
  ApplicationSummary: {
    type: 'object',
    required: ['clientId', 'name', 'liveSecrets'],
    properties: {
      clientId: { type: 'string' },
      name: ref('ApplicationName'),
      description: { type: 'string' },
      liveSecrets: { type: 'integer', minimum: 0, maximum: 2 },
      nearestExpiry: {
        type: 'object',
        description: 'The live secret that expires first.',
        required: ['expiresAt', 'status'],
        properties: { expiresAt: { type: 'string', format: 'date-time' }, status: ref('SecretStatus') },
      },
      damaged: {
        type: 'object',
        description: 'A credman attribute of the application cannot be read; an operator must repair it.',
        required: ['attribute'],
        properties: { attribute: { type: 'string', examples: ['credman.secrets'] } },
      },
    },
  },
  ApplicationList: {
    type: 'object',
    required: ['total', 'first', 'applications'],
    properties: {
      total: { type: 'integer', minimum: 0 },
      first: { type: 'integer', minimum: 0 },
      applications: { type: 'array', items: ref('ApplicationSummary') },
    },
  },
  ApplicationDetail: {
    allOf: [
      ref('ApplicationSummary'),
      {
        type: 'object',
        required: ['permissions', 'tokenEndpoint', 'secrets'],
        properties: {
          permissions: { type: 'array', items: { type: 'string' }, examples: [['smc.production']] },
          tokenEndpoint: { type: 'string', format: 'uri' },
          secrets: { type: 'array', items: ref('Secret'), description: 'Live and past secrets.' },
          managers: { type: 'array', items: ref('User') },
        },
      },
    ],
  },
  CreateApplication: {
    type: 'object',
    description:
      'The parts of the naming convention and the API permissions. Invalid parts give one field error each, with the domain reason (e.g. `unknown-country`, `production-not-allowed`; permission errors name `permissions.<index>`).',
    required: ['kind', 'country', 'organisation', 'api', 'permissions'],
    additionalProperties: false,
    properties: {
      kind: { type: 'string', enum: ['Partner', 'PartnerAlternative'] },
      country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2.' },
      organisation: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]{1,39}$' },
      api: { type: 'string', examples: ['DM', 'SMC'] },
      permissions: {
        type: 'array',
        items: { type: 'string' },
        minItems: 1,
        maxItems: 20,
        description:
          "Client scopes of the API; PartnerAlternative applications may only hold the API's sandbox scope.",
        examples: [['smc.production', 'smc.sandbox']],
      },
      description: { type: 'string', maxLength: 255 },
    },
  },
  CreatedApplication: {
    type: 'object',
    description: 'A new application in state EMPTY (no secret) and without managers yet.',
    required: ['clientId', 'name', 'description', 'permissions', 'managers', 'warnings'],
    properties: {
      clientId: { type: 'string', examples: ['Partner-NL-OrganisationName-SMC'] },
      name: ref('ApplicationName'),
      description: { type: ['string', 'null'] },
      permissions: { type: 'array', items: { type: 'string' } },
      managers: { type: 'array', items: ref('Manager'), maxItems: 0 },
      warnings: ref('ManagerWarnings'),
    },
  },
  UserAccount: {
    type: 'object',
    required: ['id', 'username', 'name', 'email', 'emailVerified'],
    properties: {
      id: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string', description: 'First and last name, else the username.' },
      email: { type: ['string', 'null'] },
      emailVerified: {
        type: 'boolean',
        description: 'Only users with a verified email can become managers.',
      },
    },
  },
  UserPage: {
    type: 'object',
    required: ['users', 'first', 'max'],
    properties: {
      users: { type: 'array', items: ref('UserAccount') },
      first: { type: 'integer', minimum: 0 },
      max: { type: 'integer', minimum: 1, maximum: 100 },
    },
  },
  Manager: {
    type: 'object',
    required: ['id', 'username', 'name', 'email', 'emailVerified', 'via'],
    properties: {
      id: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      email: { type: ['string', 'null'] },
      emailVerified: { type: 'boolean' },
      via: {
        type: 'string',
        pattern: '^(direct|group:.+)$',
        description: '`direct` role mapping, or `group:<path>` when a group holds the role.',
        examples: ['direct', 'group:/partners/smc-team'],
      },
    },
  },
  ManagerWarnings: {
    type: 'array',
    items: { type: 'string', enum: ['fewer-than-two-managers'] },
    description: '`fewer-than-two-managers`: the application depends on one person (or nobody).',
  },
  ManagerList: {
    type: 'object',
    required: ['managers', 'warnings'],
    properties: {
      managers: { type: 'array', items: ref('Manager'), description: 'Each person once, by username.' },
      warnings: ref('ManagerWarnings'),
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
    required: ['at', 'action'],
    properties: {
      at: { type: 'string', format: 'date-time' },
      action: {
        type: 'string',
        enum: AUDIT_ACTIONS,
        description:
          'adopted: a secret set outside credman (e.g. in the Keycloak console) was taken into the record.',
      },
      actor: ref('Person'),
      secret: {
        type: 'object',
        properties: { id: { type: 'string' }, name: { type: 'string' }, hint: { type: 'string' } },
      },
      subject: {
        type: 'object',
        description: 'The user a manager change concerns.',
        properties: { id: { type: 'string' }, username: { type: 'string' } },
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
        operationId: 'createApplication',
        summary: 'Create an application under the naming convention (operators).',
        tags: ['operators'],
        requestBody: { required: true, content: json(ref('CreateApplication')) },
        responses: {
          '201': {
            ...ok('The new application; `Location` is its detail URL.', ref('CreatedApplication')),
            headers: { Location: { description: 'The application.', schema: { type: 'string' } } },
          },
          '400': responseRef('ValidationFailed'),
          '409': problemResponse('The application exists.', ['already-exists']),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/applications/{clientId}': {
      parameters: [clientIdParameter],
      get: {
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
        operationId: 'getAudit',
        summary: "The application's audit trail, newest first.",
        tags: ['applications'],
        responses: {
          '200': ok('Audit entries, newest first.', {
            type: 'object',
            required: ['entries'],
            properties: { entries: { type: 'array', items: ref('AuditEntry') } },
          }),
          '404': responseRef('NotFound'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/applications/{clientId}/managers': {
      parameters: [clientIdParameter],
      get: {
        operationId: 'listManagers',
        summary:
          "The application's credential managers, direct and through groups (operators and its managers).",
        tags: ['applications'],
        responses: {
          '200': ok('The managers.', ref('ManagerList')),
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
        operationId: 'addManager',
        summary: 'Make a user with a verified email a credential manager of the application (operators).',
        description:
          'Idempotent: for someone who already manages the application (directly or through a group) nothing changes and nothing is audited.',
        tags: ['operators'],
        responses: {
          '200': ok('The managers after the change.', ref('ManagerList')),
          '400': problemResponse('The user has no verified email (`errors[].reason` `email-not-verified`).', [
            'validation-failed',
          ]),
          '404': problemResponse('Unknown application or user.', ['not-found']),
          '409': responseRef('Conflict'),
          ...AUTHENTICATED_ERRORS,
        },
      },
      delete: {
        operationId: 'removeManager',
        summary: 'Remove a credential manager from the application (operators).',
        description:
          'Idempotent: removing someone who does not manage the application changes nothing. A manager through a group is removed in Keycloak, by changing the group (400, reason `managed-through-group`).',
        tags: ['operators'],
        responses: {
          '200': ok('The managers after the change.', ref('ManagerList')),
          '400': problemResponse('The user manages the application through a group.', ['validation-failed']),
          '404': problemResponse('Unknown application or user.', ['not-found']),
          '409': responseRef('Conflict'),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    '/api/users': {
      get: {
        operationId: 'searchUsers',
        summary: 'Find users to make managers (operators); service accounts are never listed.',
        tags: ['operators'],
        parameters: [
          {
            name: 'search',
            in: 'query',
            description: 'Part of the username, email, first or last name; empty lists everyone.',
            schema: { type: 'string', maxLength: 100 },
          },
          { name: 'first', in: 'query', description: 'Default 0.', schema: { type: 'integer', minimum: 0 } },
          {
            name: 'max',
            in: 'query',
            description: 'Default 20.',
            schema: { type: 'integer', minimum: 1, maximum: 100 },
          },
        ],
        responses: {
          '200': ok('Matching users.', ref('UserPage')),
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
    '/api/console-config': {
      get: {
        operationId: 'getConsoleConfig',
        summary: 'Where the console logs in: Keycloak URL, realm and the console client ID (public).',
        tags: ['operations'],
        security: [],
        responses: {
          '200': ok('The console configuration.', {
            type: 'object',
            required: ['keycloakUrl', 'realm', 'clientId'],
            properties: {
              keycloakUrl: { type: 'string', format: 'uri' },
              realm: { type: 'string' },
              clientId: { type: 'string' },
            },
          }),
        },
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
        summary: 'Readiness: Keycloak is reachable and the secret-rotation client policy is in place.',
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
        'metadata-damaged',
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
