// Every operation of the sidecar's HTTP API: path, method, parameters, body and, per status, the response body
// schema or the problem codes it may carry. The OpenAPI document (openapi.ts) and the tests that validate live
// responses (apps/sidecar/src/e2e/testing/contract-check.ts) both read this table.
import type { ProblemCode } from '@credman/domain';
import type { z } from 'zod';
import {
  ClientIdParams,
  CreateApplicationBody,
  CreateSecretBody,
  DeleteSecretQuery,
  ListApplicationsQuery,
  ManagerParams,
  SearchUsersQuery,
  SecretParams,
  UpdateApplicationBody,
  UpdateSecretBody,
} from './requests.ts';
import {
  ApplicationDetailSchema,
  ApplicationListSchema,
  AuditTrailSchema,
  ConsoleConfigSchema,
  CreatedApplicationSchema,
  CreatedSecretSchema,
  HealthSchema,
  ManagerListSchema,
  MeSchema,
  OpenApiObjectSchema,
  OverviewSchema,
  ReadinessSchema,
  SecretSchema,
  UpdatedApplicationSchema,
  UserPageSchema,
} from './schemas.ts';

/** Problem responses shared by many operations (`#/components/responses/<name>`). */
export const SHARED_PROBLEMS = {
  ValidationFailed: {
    description: 'The request is invalid; `errors` lists the fields.',
    codes: ['validation-failed'],
  },
  Unauthenticated: {
    description: 'No or invalid access token.',
    codes: ['unauthenticated'],
    headers: ['WWW-Authenticate'],
  },
  Forbidden: {
    description: 'Multi-factor login missing, or not an operator.',
    codes: ['mfa-required', 'operator-required'],
    headers: ['WWW-Authenticate'],
  },
  ManagerRequired: {
    description: 'Not a credential manager of this application (e.g. an operator who may only read it).',
    codes: ['mfa-required', 'manager-required'],
    headers: ['WWW-Authenticate'],
  },
  NotFound: { description: 'Unknown application, or not one of yours.', codes: ['not-found'] },
  SecretNotFound: {
    description:
      'Unknown application or not one of yours (not-found), or no such live secret (secret-not-found).',
    codes: ['not-found', 'secret-not-found'],
  },
  MetadataDamaged: {
    description:
      'A credman attribute of the application cannot be read; an operator must repair it in Keycloak.',
    codes: ['metadata-damaged'],
  },
  Conflict: {
    description: 'The change conflicts with the current state.',
    codes: ['secret-limit', 'conflict', 'secret-recently-used', 'metadata-damaged'],
  },
  PayloadTooLarge: { description: 'The request body is too large.', codes: ['payload-too-large'] },
  UnsupportedMediaType: {
    description: 'The request body is not UTF-8 JSON.',
    codes: ['unsupported-media-type'],
  },
  RateLimited: {
    description: 'Too many changes; retry later.',
    codes: ['rate-limited'],
    headers: ['Retry-After'],
  },
  InternalError: { description: 'Unexpected failure; quote the requestId.', codes: ['internal-error'] },
  KeycloakUnavailable: {
    description: 'Keycloak is unavailable; retry later.',
    codes: ['keycloak-unavailable'],
    headers: ['Retry-After'],
  },
} as const satisfies Record<string, ProblemResponse>;

export type SharedProblem = keyof typeof SHARED_PROBLEMS;

export interface ProblemResponse {
  description: string;
  codes: readonly ProblemCode[];
  headers?: readonly string[];
}

export interface BodyResponse {
  description: string;
  body?: z.ZodType;
  headers?: Readonly<Record<string, string>>;
}

/** A response: a body (or none), a shared problem response by name, or problems of this operation only. */
export type ResponseSpec = BodyResponse | SharedProblem | ProblemResponse;

export type OperationMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';

export interface OperationSpec {
  method: OperationMethod;
  /** OpenAPI path, e.g. `/api/applications/{clientId}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: 'session' | 'applications' | 'operators' | 'operations';
  /** No bearer token needed. */
  public?: true;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Readonly<Record<string, ResponseSpec>>;
}

/** Problem responses every authenticated endpoint may give. */
const AUTHENTICATED = {
  '401': 'Unauthenticated',
  '403': 'Forbidden',
  '429': 'RateLimited',
  '500': 'InternalError',
  '503': 'KeycloakUnavailable',
} as const satisfies Record<string, SharedProblem>;

/** …and those with a JSON body (or a query string) that is validated. */
const WITH_INPUT = {
  ...AUTHENTICATED,
  '400': 'ValidationFailed',
  '413': 'PayloadTooLarge',
  '415': 'UnsupportedMediaType',
} as const satisfies Record<string, SharedProblem>;

const sessionAndApplications: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/me',
    operationId: 'getMe',
    summary: 'Who I am: operator or not, MFA level, applications I manage.',
    tag: 'session',
    responses: { '200': { description: 'The caller.', body: MeSchema }, ...AUTHENTICATED },
  },
  {
    method: 'get',
    path: '/api/applications',
    operationId: 'listApplications',
    summary: 'Applications I manage (operators: all), with their live secrets.',
    tag: 'applications',
    query: ListApplicationsQuery,
    responses: {
      '200': { description: 'A page of applications.', body: ApplicationListSchema },
      ...AUTHENTICATED,
      '400': 'ValidationFailed',
    },
  },
  {
    method: 'get',
    path: '/api/applications/{clientId}',
    operationId: 'getApplication',
    summary: 'Application detail: name parts, permissions, token endpoint, secrets, managers.',
    tag: 'applications',
    params: ClientIdParams,
    responses: {
      '200': { description: 'The application.', body: ApplicationDetailSchema },
      ...AUTHENTICATED,
      '400': 'ValidationFailed',
      '404': 'NotFound',
      '409': 'MetadataDamaged',
    },
  },
  {
    method: 'post',
    path: '/api/applications/{clientId}/secrets',
    operationId: 'createSecret',
    summary: 'Create a secret; the response carries its value, once.',
    tag: 'applications',
    params: ClientIdParams,
    body: CreateSecretBody,
    responses: {
      '201': { description: 'The secret and its value.', body: CreatedSecretSchema },
      ...WITH_INPUT,
      '403': 'ManagerRequired',
      '404': 'NotFound',
      '409': 'Conflict',
    },
  },
  {
    method: 'patch',
    path: '/api/applications/{clientId}/secrets/{secretId}',
    operationId: 'updateSecret',
    summary: "Change a live secret's name or notes; the other managers are told by mail.",
    tag: 'applications',
    params: SecretParams,
    body: UpdateSecretBody,
    responses: {
      '200': { description: 'The secret after the change.', body: SecretSchema },
      ...WITH_INPUT,
      '403': 'ManagerRequired',
      '404': 'SecretNotFound',
      '409': {
        description: 'The change conflicts with the current state.',
        codes: ['conflict', 'metadata-damaged'],
      },
    },
  },
  {
    method: 'post',
    path: '/api/applications/{clientId}/secrets/{secretId}/use-confirmation',
    operationId: 'confirmSecretUse',
    summary:
      "Confirm that the application's systems use this live secret (the rotation guide's confirm step, needed when Keycloak cannot say which secret a login used); audited as `use-confirmed`.",
    tag: 'applications',
    params: SecretParams,
    responses: {
      '200': { description: 'The secret with `useConfirmedAt`.', body: SecretSchema },
      ...WITH_INPUT,
      '403': 'ManagerRequired',
      '404': {
        description: 'Unknown application, not one of yours, or no such live secret.',
        codes: ['not-found'],
      },
      '409': {
        description: 'The change conflicts with the current state.',
        codes: ['conflict', 'metadata-damaged'],
      },
    },
  },
  {
    method: 'delete',
    path: '/api/applications/{clientId}/secrets/{secretId}',
    operationId: 'deleteSecret',
    summary: 'Delete a live secret; it stops working at once.',
    tag: 'applications',
    params: SecretParams,
    query: DeleteSecretQuery,
    responses: {
      '204': { description: 'Deleted.' },
      ...WITH_INPUT,
      '403': 'ManagerRequired',
      '404': 'SecretNotFound',
      '409': 'Conflict',
    },
  },
  {
    method: 'get',
    path: '/api/applications/{clientId}/audit',
    operationId: 'getAudit',
    summary: "The application's audit trail, newest first.",
    tag: 'applications',
    params: ClientIdParams,
    responses: {
      '200': { description: 'Audit entries, newest first.', body: AuditTrailSchema },
      ...AUTHENTICATED,
      '400': 'ValidationFailed',
      '404': 'NotFound',
      '409': 'MetadataDamaged',
    },
  },
];

const managerChange = (
  summary: string,
  description: string,
  badRequest: string,
  forbidden: ResponseSpec = 'Forbidden',
) => ({
  summary,
  description,
  tag: 'operators' as const,
  params: ManagerParams,
  responses: {
    '200': { description: 'The managers after the change.', body: ManagerListSchema },
    ...WITH_INPUT,
    '403': forbidden,
    '400': { description: badRequest, codes: ['validation-failed'] },
    '404': { description: 'Unknown application or user.', codes: ['not-found'] },
    '409': 'Conflict',
  } satisfies Record<string, ResponseSpec>,
});

const operatorOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/overview',
    operationId: 'getOverview',
    summary: 'The realm at a glance (operators): upcoming expiries and the applications needing action.',
    description:
      "From this replica's last realm scan (CREDMAN_REALM_SCAN_INTERVAL_SECONDS), not read per request: `scan.at` says how old it is.",
    tag: 'operators',
    responses: {
      '200': { description: 'The last scan.', body: OverviewSchema },
      ...AUTHENTICATED,
    },
  },
  {
    method: 'post',
    path: '/api/applications',
    operationId: 'createApplication',
    summary: 'Create an application under the naming convention (operators).',
    tag: 'operators',
    body: CreateApplicationBody,
    responses: {
      '201': {
        description: 'The new application; `Location` is its detail URL.',
        body: CreatedApplicationSchema,
        headers: { Location: 'The application.' },
      },
      ...WITH_INPUT,
      '409': { description: 'The application exists.', codes: ['already-exists'] },
    },
  },
  {
    method: 'patch',
    path: '/api/applications/{clientId}',
    operationId: 'updateApplication',
    summary: "Change an application's description or permissions (operators); its managers are told by mail.",
    tag: 'operators',
    params: ClientIdParams,
    body: UpdateApplicationBody,
    responses: {
      '200': { description: 'The application after the change.', body: UpdatedApplicationSchema },
      ...WITH_INPUT,
      '404': 'NotFound',
      '409': {
        description: 'Another change is under way, or the metadata is damaged.',
        codes: ['conflict', 'metadata-damaged'],
      },
    },
  },
  {
    method: 'get',
    path: '/api/users',
    operationId: 'searchUsers',
    summary: 'Find users to make managers (operators); service accounts are never listed.',
    tag: 'operators',
    query: SearchUsersQuery,
    responses: {
      '200': { description: 'Matching users.', body: UserPageSchema },
      ...AUTHENTICATED,
      '400': 'ValidationFailed',
    },
  },
  {
    method: 'get',
    path: '/api/applications/{clientId}/managers',
    operationId: 'listManagers',
    summary: "The application's credential managers, direct and through groups (operators and its managers).",
    tag: 'applications',
    params: ClientIdParams,
    responses: {
      '200': { description: 'The managers.', body: ManagerListSchema },
      ...AUTHENTICATED,
      '400': 'ValidationFailed',
      '404': 'NotFound',
      '409': 'MetadataDamaged',
    },
  },
  {
    method: 'put',
    path: '/api/applications/{clientId}/managers/{userId}',
    operationId: 'addManager',
    ...managerChange(
      'Make a user with a verified email a credential manager of the application (operators).',
      'Idempotent: for someone who already manages the application (directly or through a group) nothing changes and nothing is audited.',
      'The user has no verified email (`errors[].reason` `email-not-verified`).',
      {
        description: 'Multi-factor login missing, not an operator, or the operator named themselves.',
        codes: ['mfa-required', 'operator-required', 'self-assignment-refused'],
        headers: ['WWW-Authenticate'],
      },
    ),
  },
  {
    method: 'delete',
    path: '/api/applications/{clientId}/managers/{userId}',
    operationId: 'removeManager',
    ...managerChange(
      'Remove a credential manager from the application (operators).',
      'Idempotent: removing someone who does not manage the application changes nothing. A manager through a group is removed in Keycloak, by changing the group (400, reason `managed-through-group`).',
      'The user manages the application through a group.',
    ),
  },
];

const publicOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This document.',
    tag: 'operations',
    public: true,
    responses: { '200': { description: 'The OpenAPI document.', body: OpenApiObjectSchema } },
  },
  {
    method: 'get',
    path: '/api/console-config',
    operationId: 'getConsoleConfig',
    summary: 'Where the console logs in: Keycloak URL, realm and the console client ID (public).',
    tag: 'operations',
    public: true,
    responses: { '200': { description: 'The console configuration.', body: ConsoleConfigSchema } },
  },
  {
    method: 'get',
    path: '/healthz',
    operationId: 'getHealth',
    summary: 'Liveness: the process serves HTTP.',
    tag: 'operations',
    public: true,
    responses: { '200': { description: 'Alive.', body: HealthSchema } },
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'getReadiness',
    summary: 'Readiness: Keycloak is reachable and the secret-rotation client policy is in place.',
    tag: 'operations',
    public: true,
    responses: {
      '200': { description: 'Ready.', body: ReadinessSchema },
      '503': { description: 'Not ready.', body: ReadinessSchema },
    },
  },
];

export const OPERATIONS: readonly OperationSpec[] = [
  ...sessionAndApplications,
  ...operatorOperations,
  ...publicOperations,
];

/** The problem response a spec names, or undefined for a body response. */
export function problemResponseOf(spec: ResponseSpec): ProblemResponse | undefined {
  if (typeof spec === 'string') return SHARED_PROBLEMS[spec];
  return 'codes' in spec ? spec : undefined;
}

/** The operation a request to `pathname` with `method` reaches, if the contract has one. */
export function findOperation(method: string, pathname: string): OperationSpec | undefined {
  const wanted = method.toLowerCase();
  return OPERATIONS.find(
    (operation) => operation.method === wanted && pathPattern(operation.path).test(pathname),
  );
}

function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}
