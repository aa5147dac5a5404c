// The operators' API (docs/architecture.md#people-and-roles): create applications, find users, add and
// remove credential managers. Operator-only endpoints answer 403 `operator-required` to anyone else; the
// manager list may also be read by the application's own managers (others get 404, as for every application
// they cannot see). Inputs are parsed and responses typed by @credman/api-contract; use-case errors reach the
// client through the central mapping (../error-mapping.ts).
import {
  ClientIdParams,
  CreateApplicationBody,
  ManagerParams,
  SearchUsersQuery,
  UpdateApplicationBody,
} from '@credman/api-contract';
import type { CreatedApplication, ManagerList, UpdatedApplication, UserPage } from '@credman/api-contract';
import type { Request, RequestHandler, Router } from 'express';
import type { ApiRoutes } from './api-route.ts';
import { createApplication } from '../../applications/create-application.ts';
import type { CreateApplicationDeps } from '../../applications/create-application.ts';
import { editApplication } from '../../applications/edit-application.ts';
import type { EditApplicationDeps } from '../../applications/edit-application.ts';
import { ManagerAssignment } from '../../applications/manager-assignment.ts';
import type { ManagerAssignmentDeps, ManagerChange } from '../../applications/manager-assignment.ts';
import { searchUsers } from '../../applications/users.ts';
import { applicationNotFound } from '../error-mapping.ts';
import type { ManagerRights, ManagerRightsCache } from '../manager-rights.ts';
import { canView } from '../manager-rights.ts';
import { actorOf, principalOf } from '../principal.ts';
import type { Principal } from '../principal.ts';
import { ApiError } from '../problems.ts';
import { parseBody, parseParams, parseQuery } from '../validation.ts';

export type OperatorRoutesDeps = CreateApplicationDeps &
  ManagerAssignmentDeps &
  Partial<Pick<EditApplicationDeps, 'onApplicationEdit'>>;

function requireOperator(req: Request): Principal {
  const principal = principalOf(req);
  if (!principal.isOperator)
    throw new ApiError('operator-required', { detail: 'Only credman operators may do this.' });
  return principal;
}

/** A cache of manager rights forgets a user's answer once credman itself changed it. */
function forgetManagerRight(
  managerRights: ManagerRights | undefined,
  userId: string,
  clientId: string,
): void {
  const cache = managerRights as Partial<Pick<ManagerRightsCache, 'invalidate'>> | undefined;
  if (typeof cache?.invalidate === 'function') cache.invalidate(userId, clientId);
}

function postApplication(deps: OperatorRoutesDeps): RequestHandler {
  return async (req, res) => {
    const principal = requireOperator(req);
    const request = parseBody(CreateApplicationBody, req);
    const body: CreatedApplication = await createApplication(deps, request, actorOf(principal));
    res
      .status(201)
      .location(`/api/applications/${encodeURIComponent(body.clientId)}`)
      .set('Cache-Control', 'no-store')
      .json(body);
  };
}

function patchApplication(deps: OperatorRoutesDeps): RequestHandler {
  return async (req, res) => {
    const principal = requireOperator(req);
    const { clientId } = parseParams(ClientIdParams, req);
    const request = parseBody(UpdateApplicationBody, req);
    const editDeps: EditApplicationDeps = {
      keycloak: deps.keycloak,
      store: deps.store,
      credentials: deps.credentials,
      catalogue: deps.catalogue,
      now: deps.now,
      onApplicationEdit: deps.onApplicationEdit,
    };
    const body: UpdatedApplication = await editApplication(editDeps, clientId, request, actorOf(principal));
    res.set('Cache-Control', 'no-store').json(body);
  };
}

function getUsers(deps: OperatorRoutesDeps): RequestHandler {
  return async (req, res) => {
    requireOperator(req);
    const query = parseQuery(SearchUsersQuery, req);
    const users = await searchUsers(deps.keycloak, {
      search: query.search.trim(),
      first: query.first,
      max: query.max,
    });
    const body: UserPage = { users, first: query.first, max: query.max };
    res.set('Cache-Control', 'no-store').json(body);
  };
}

function getManagers(
  assignment: ManagerAssignment,
  managerRights: ManagerRights | undefined,
): RequestHandler {
  return async (req, res) => {
    const { clientId } = parseParams(ClientIdParams, req);
    if (!(await canView(principalOf(req), clientId, managerRights))) throw applicationNotFound(clientId);
    const body: ManagerList = await assignment.list(clientId);
    res.set('Cache-Control', 'no-store').json(body);
  };
}

type ManagerChangeOf = (clientId: string, userId: string, principal: Principal) => Promise<ManagerChange>;

/** PUT and DELETE of a manager: the same shape, a different change. */
function changeManager(change: ManagerChangeOf, managerRights: ManagerRights | undefined): RequestHandler {
  return async (req, res) => {
    const principal = requireOperator(req);
    const { clientId, userId } = parseParams(ManagerParams, req);
    const outcome = await change(clientId, userId, principal);
    if (outcome.changed) forgetManagerRight(managerRights, userId, clientId);
    const body: ManagerList = { managers: outcome.managers, warnings: outcome.warnings };
    res.set('Cache-Control', 'no-store').json(body);
  };
}

export function operatorRoutes(deps: OperatorRoutesDeps): ApiRoutes {
  const assignment = new ManagerAssignment(deps);
  const add: ManagerChangeOf = (clientId, userId, principal) =>
    assignment.add(clientId, userId, actorOf(principal));
  const remove: ManagerChangeOf = (clientId, userId, principal) =>
    assignment.remove(clientId, userId, actorOf(principal));
  return (router: Router, { managerRights }) => {
    router.post('/applications', postApplication(deps));
    router.patch('/applications/:clientId', patchApplication(deps));
    router.get('/users', getUsers(deps));
    router.get('/applications/:clientId/managers', getManagers(assignment, managerRights));
    router.put('/applications/:clientId/managers/:userId', changeManager(add, managerRights));
    router.delete('/applications/:clientId/managers/:userId', changeManager(remove, managerRights));
  };
}
