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
import { secondsToIso } from '@credman/domain';
import type { RequestHandler, Router } from 'express';
import type { ApiRoutes } from './api-route.ts';
import type { CredentialService } from '../../credentials/credential-service.ts';
import { operatorList } from '../../overview/operator-list.ts';
import type { RealmSummary } from '../../overview/summary.ts';
import { applicationNotFound } from '../error-mapping.ts';
import { canManageSecrets, canView } from '../manager-rights.ts';
import type { ManagerRights } from '../manager-rights.ts';
import { actorOf, principalOf } from '../principal.ts';
import type { Principal } from '../principal.ts';
import { ApiError } from '../problems.ts';
import { parseBody, parseParams, parseQuery } from '../validation.ts';
import { scanView } from './overview.ts';

export interface ApplicationRoutesOptions {
  service: CredentialService;
  /** Keycloak's token endpoint as partner systems reach it (shown on the application page). */
  tokenEndpoint: string;
  /** The last completed realm scan (operators' list columns and filters); undefined before the first. */
  latestScan?: () => RealmSummary | undefined;
}

async function requireManager(
  principal: Principal,
  clientId: string,
  managerRights: ManagerRights | undefined,
): Promise<void> {
  if (!(await canView(principal, clientId, managerRights))) throw applicationNotFound(clientId);
  if (!(await canManageSecrets(principal, clientId, managerRights)))
    throw new ApiError('manager-required', { detail: 'Only credential managers may change secrets.' });
}

/** The client ID of an application the caller may see, else 404. */
async function visibleClientId(
  req: Parameters<RequestHandler>[0],
  managerRights: ManagerRights | undefined,
): Promise<string> {
  const { clientId } = parseParams(ClientIdParams, req);
  if (!(await canView(principalOf(req), clientId, managerRights))) throw applicationNotFound(clientId);
  return clientId;
}

function listApplications(
  service: CredentialService,
  latestScan: () => RealmSummary | undefined,
): RequestHandler {
  return async (req, res) => {
    const principal = principalOf(req);
    const query = parseQuery(ListApplicationsQuery, req);
    const search = query.search ? { search: query.search } : {};
    const { first, max } = query;
    if (principal.isOperator) {
      // The scan's columns and filters (docs/architecture.md#the-operators-list-columns).
      const page = await operatorList(
        { latest: latestScan, list: (listQuery) => service.listApplications(listQuery) },
        { ...search, filter: query.filter, first, max },
      );
      const body: ApplicationList = {
        first,
        hasMore: page.hasMore,
        scan: page.scan === undefined ? null : scanView(page.scan),
        applications: page.applications,
      };
      res.set('Cache-Control', 'no-store').json(body);
      return;
    }
    // The filters read the realm scan, which covers every application: operators only.
    if (query.filter !== undefined)
      throw new ApiError('operator-required', { detail: 'Only credman operators may filter by condition.' });
    // A manager's list is the applications their token names (docs/architecture.md#authorisation), not a scan.
    const page = await service.listApplications({
      ...search,
      clientIds: principal.managedClientIds,
      first,
      max,
    });
    const body: ApplicationList = { first, hasMore: page.hasMore, applications: page.applications };
    res.set('Cache-Control', 'no-store').json(body);
  };
}

function getApplication(
  service: CredentialService,
  tokenEndpoint: string,
  managerRights: ManagerRights | undefined,
): RequestHandler {
  return async (req, res) => {
    const application = await service.application(await visibleClientId(req, managerRights));
    const body: ApplicationDetail = { ...application, tokenEndpoint };
    res.set('Cache-Control', 'no-store').json(body);
  };
}

function getAudit(service: CredentialService, managerRights: ManagerRights | undefined): RequestHandler {
  return async (req, res) => {
    const entries = await service.audit(await visibleClientId(req, managerRights));
    const body: AuditTrail = {
      entries: entries.map(({ since, presented, ...entry }) => ({
        ...entry,
        at: secondsToIso(entry.at),
        ...(since === undefined ? {} : { since: secondsToIso(since) }),
        ...(presented
          ? {
              presented: {
                ...presented,
                firstAt: secondsToIso(presented.firstAt),
                lastAt: secondsToIso(presented.lastAt),
              },
            }
          : {}),
      })),
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

function confirmSecretUse(
  service: CredentialService,
  managerRights: ManagerRights | undefined,
): RequestHandler {
  return async (req, res) => {
    const principal = principalOf(req);
    const { clientId, secretId } = parseParams(SecretParams, req);
    await requireManager(principal, clientId, managerRights);
    const body: Secret = await service.confirmUse(clientId, secretId, actorOf(principal));
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

export function applicationRoutes({
  service,
  tokenEndpoint,
  latestScan = () => undefined,
}: ApplicationRoutesOptions): ApiRoutes {
  return (router: Router, { managerRights }) => {
    router.get('/applications', listApplications(service, latestScan));
    router.get('/applications/:clientId', getApplication(service, tokenEndpoint, managerRights));
    router.get('/applications/:clientId/audit', getAudit(service, managerRights));
    router.post('/applications/:clientId/secrets', createSecret(service, managerRights));
    router.patch('/applications/:clientId/secrets/:secretId', updateSecret(service, managerRights));
    router.delete('/applications/:clientId/secrets/:secretId', deleteSecret(service, managerRights));
    router.post(
      '/applications/:clientId/secrets/:secretId/use-confirmation',
      confirmSecretUse(service, managerRights),
    );
  };
}
