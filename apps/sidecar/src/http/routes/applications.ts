// The credential manager's API (docs/architecture.md#http-api): applications, their secrets and audit trail.
// Authorisation per application: someone who may not see an application gets 404, never a hint that it exists
// (docs/architecture.md#authorisation). Inputs are parsed and responses typed by @credman/api-contract; use-case
// errors reach the client through the central mapping (../error-mapping.ts).
import {
  ClientIdParams,
  CreateSecretBody,
  DeleteSecretQuery,
  ListApplicationsQuery,
  SecretParams,
  UpdateSecretBody,
} from '@credman/api-contract';
import type {
  ApplicationDetail,
  ApplicationList,
  AuditTrail,
  CreatedSecret,
  Secret,
} from '@credman/api-contract';
import type { RequestHandler, Router } from 'express';
import type { ApiRoutes } from '../../app.ts';
import type { CredentialService } from '../../credentials/credential-service.ts';
import { applicationNotFound } from '../error-mapping.ts';
import { canManageSecrets, canView } from '../manager-rights.ts';
import type { ManagerRights } from '../manager-rights.ts';
import { actorOf, principalOf } from '../principal.ts';
import type { Principal } from '../principal.ts';
import { ApiError } from '../problems.ts';
import { parseBody, parseParams, parseQuery } from '../validation.ts';

export interface ApplicationRoutesOptions {
  service: CredentialService;
  /** Keycloak's token endpoint as partner systems reach it (shown on the application page). */
  tokenEndpoint: string;
}

async function requireManager(
  principal: Principal,
  clientId: string,
  managerRights: ManagerRights | undefined,
): Promise<void> {
  if (!canView(principal, clientId)) throw applicationNotFound(clientId);
  if (!(await canManageSecrets(principal, clientId, managerRights)))
    throw new ApiError('manager-required', { detail: 'Only credential managers may change secrets.' });
}

/** The client ID of an application the caller may see, else 404. */
function visibleClientId(req: Parameters<RequestHandler>[0]): string {
  const { clientId } = parseParams(ClientIdParams, req);
  if (!canView(principalOf(req), clientId)) throw applicationNotFound(clientId);
  return clientId;
}

function listApplications(service: CredentialService): RequestHandler {
  return async (req, res) => {
    const principal = principalOf(req);
    const query = parseQuery(ListApplicationsQuery, req);
    const visible = principal.isOperator
      ? () => true
      : (clientId: string) => principal.managedClientIds.includes(clientId);
    const all = await service.listApplications({
      ...(query.search ? { search: query.search } : {}),
      visible,
    });
    const body: ApplicationList = {
      total: all.length,
      first: query.first,
      applications: all.slice(query.first, query.first + query.max),
    };
    res.set('Cache-Control', 'no-store').json(body);
  };
}

function getApplication(service: CredentialService, tokenEndpoint: string): RequestHandler {
  return async (req, res) => {
    const application = await service.application(visibleClientId(req));
    const body: ApplicationDetail = { ...application, tokenEndpoint };
    res.set('Cache-Control', 'no-store').json(body);
  };
}

function getAudit(service: CredentialService): RequestHandler {
  return async (req, res) => {
    const entries = await service.audit(visibleClientId(req));
    const body: AuditTrail = {
      entries: entries.map((entry) => ({ ...entry, at: new Date(entry.at * 1000).toISOString() })),
    };
    res.set('Cache-Control', 'no-store').json(body);
  };
}

function createSecret(service: CredentialService, managerRights: ManagerRights | undefined): RequestHandler {
  return async (req, res) => {
    const principal = principalOf(req);
    const { clientId } = parseParams(ClientIdParams, req);
    await requireManager(principal, clientId, managerRights);
    const request = parseBody(CreateSecretBody, req);
    const created = await service.createSecret(clientId, request, actorOf(principal));
    const body: CreatedSecret = { secret: created.secret, value: created.value };
    // The one response that carries a secret value: never cached, never logged (pino redacts *.value).
    res.status(201).set('Cache-Control', 'no-store').json(body);
  };
}

function updateSecret(service: CredentialService, managerRights: ManagerRights | undefined): RequestHandler {
  return async (req, res) => {
    const principal = principalOf(req);
    const { clientId, secretId } = parseParams(SecretParams, req);
    await requireManager(principal, clientId, managerRights);
    const request = parseBody(UpdateSecretBody, req);
    const body: Secret = await service.updateSecret(clientId, secretId, request, actorOf(principal));
    res.set('Cache-Control', 'no-store').json(body);
  };
}

function deleteSecret(service: CredentialService, managerRights: ManagerRights | undefined): RequestHandler {
  return async (req, res) => {
    const principal = principalOf(req);
    const { clientId, secretId } = parseParams(SecretParams, req);
    await requireManager(principal, clientId, managerRights);
    const { force } = parseQuery(DeleteSecretQuery, req);
    await service.deleteSecret(clientId, secretId, actorOf(principal), { force: force === 'true' });
    res.status(204).end();
  };
}

export function applicationRoutes({ service, tokenEndpoint }: ApplicationRoutesOptions): ApiRoutes {
  return (router: Router, { managerRights }) => {
    router.get('/applications', listApplications(service));
    router.get('/applications/:clientId', getApplication(service, tokenEndpoint));
    router.get('/applications/:clientId/audit', getAudit(service));
    router.post('/applications/:clientId/secrets', createSecret(service, managerRights));
    router.patch('/applications/:clientId/secrets/:secretId', updateSecret(service, managerRights));
    router.delete('/applications/:clientId/secrets/:secretId', deleteSecret(service, managerRights));
  };
}
