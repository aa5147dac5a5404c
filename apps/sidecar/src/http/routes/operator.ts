// The operators' API (docs/architecture.md#people-and-roles): create applications, find users, add and
// remove credential managers. Operator-only endpoints answer 403 `operator-required` to anyone else; the
// manager list may also be read by the application's own managers (others get 404, as for every application
// they cannot see).
import type { Request, Router } from 'express';
import { z } from 'zod';
import type { ApiRoutes } from '../../app.ts';
import {
  ApplicationExistsError,
  ApplicationInputError,
  createApplication,
} from '../../applications/create-application.ts';
import type { CreateApplicationDeps } from '../../applications/create-application.ts';
import {
  EmailNotVerifiedError,
  ManagedThroughGroupError,
  ManagerAssignment,
  UserNotFoundError,
} from '../../applications/manager-assignment.ts';
import type { ManagerAssignmentDeps } from '../../applications/manager-assignment.ts';
import { USER_SEARCH_DEFAULT_MAX, USER_SEARCH_MAX, searchUsers } from '../../applications/users.ts';
import { ApplicationNotFoundError, ConcurrentChangeError } from '../../credentials/credential-service.ts';
import type { Actor } from '../../credentials/metadata.ts';
import type { ManagerRights, ManagerRightsCache } from '../manager-rights.ts';
import { canView } from '../manager-rights.ts';
import { principalOf } from '../principal.ts';
import type { Principal } from '../principal.ts';
import { ApiError, validationFailed } from '../problems.ts';
import { parseBody, parseParams, parseQuery } from '../validation.ts';

export type OperatorRoutesDeps = CreateApplicationDeps & ManagerAssignmentDeps;

// Shapes only; the naming convention and permission rules are the domain's (create-application.ts), so the
// field errors carry its reasons (e.g. `unknown-country`, `production-not-allowed`).
const createBody = z.strictObject({
  kind: z.string().max(64),
  country: z.string().max(16),
  organisation: z.string().max(200),
  api: z.string().max(64),
  permissions: z.array(z.string().max(200)).max(20),
  description: z.string().max(255).optional(),
});
const usersQuery = z.object({
  search: z.string().max(100).default(''),
  first: z.coerce.number().int().min(0).max(1_000_000).default(0),
  max: z.coerce.number().int().min(1).max(USER_SEARCH_MAX).default(USER_SEARCH_DEFAULT_MAX),
});
const clientIdParams = z.object({ clientId: z.string().min(1).max(255) });
const managerParams = clientIdParams.extend({ userId: z.string().min(1).max(255) });

function requireOperator(req: Request): Principal {
  const principal = principalOf(req);
  if (!principal.isOperator)
    throw new ApiError('operator-required', { detail: 'Only credman operators may do this.' });
  return principal;
}

const actorOf = (principal: Principal): Actor => ({
  id: principal.userId,
  username: principal.username,
  name: principal.name,
});

function applicationNotFound(clientId: string): ApiError {
  return new ApiError('not-found', { detail: `No application ${clientId} that you can see.` });
}

/** Use-case errors → problems; anything else (Keycloak unavailable, …) goes to the central handler. */
function toApiError(error: unknown, clientId?: string): unknown {
  if (error instanceof ApplicationInputError) return validationFailed(error.fields);
  if (error instanceof ApplicationExistsError)
    return new ApiError('already-exists', { detail: `An application ${error.message} exists already.` });
  if (error instanceof ApplicationNotFoundError) return applicationNotFound(clientId ?? error.message);
  if (error instanceof UserNotFoundError) return new ApiError('not-found', { detail: 'No such user.' });
  if (error instanceof EmailNotVerifiedError)
    return validationFailed([
      {
        field: 'userId',
        reason: 'email-not-verified',
        message: 'Only users with a verified email address can be credential managers.',
      },
    ]);
  if (error instanceof ManagedThroughGroupError)
    return validationFailed([
      {
        field: 'userId',
        reason: 'managed-through-group',
        message: `The user manages this application through ${error.via}; remove them from that group in Keycloak.`,
      },
    ]);
  if (error instanceof ConcurrentChangeError)
    return new ApiError('conflict', {
      detail:
        'Another change of this application is in progress (or did not finish and is held for up to two minutes). Reload and retry.',
    });
  return error;
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

export function operatorRoutes(deps: OperatorRoutesDeps): ApiRoutes {
  const assignment = new ManagerAssignment(deps);
  return (router: Router, { managerRights }) => {
    router.post('/applications', async (req, res) => {
      const principal = requireOperator(req);
      const body = parseBody(createBody, req);
      try {
        const created = await createApplication(deps, body, actorOf(principal));
        res
          .status(201)
          .location(`/api/applications/${encodeURIComponent(created.clientId)}`)
          .set('Cache-Control', 'no-store')
          .json(created);
      } catch (error) {
        throw toApiError(error);
      }
    });

    router.get('/users', async (req, res) => {
      requireOperator(req);
      const query = parseQuery(usersQuery, req);
      const users = await searchUsers(deps.keycloak, {
        search: query.search.trim(),
        first: query.first,
        max: query.max,
      });
      res.set('Cache-Control', 'no-store').json({ users, first: query.first, max: query.max });
    });

    router.get('/applications/:clientId/managers', async (req, res) => {
      const { clientId } = parseParams(clientIdParams, req);
      if (!canView(principalOf(req), clientId)) throw applicationNotFound(clientId);
      try {
        res.set('Cache-Control', 'no-store').json(await assignment.list(clientId));
      } catch (error) {
        throw toApiError(error, clientId);
      }
    });

    router.put('/applications/:clientId/managers/:userId', async (req, res) => {
      const principal = requireOperator(req);
      const { clientId, userId } = parseParams(managerParams, req);
      try {
        const change = await assignment.add(clientId, userId, actorOf(principal));
        if (change.changed) forgetManagerRight(managerRights, userId, clientId);
        res.set('Cache-Control', 'no-store').json({ managers: change.managers, warnings: change.warnings });
      } catch (error) {
        throw toApiError(error, clientId);
      }
    });

    router.delete('/applications/:clientId/managers/:userId', async (req, res) => {
      const principal = requireOperator(req);
      const { clientId, userId } = parseParams(managerParams, req);
      try {
        const change = await assignment.remove(clientId, userId, actorOf(principal));
        if (change.changed) forgetManagerRight(managerRights, userId, clientId);
        res.set('Cache-Control', 'no-store').json({ managers: change.managers, warnings: change.warnings });
      } catch (error) {
        throw toApiError(error, clientId);
      }
    });
  };
}
