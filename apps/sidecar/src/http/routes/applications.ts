// The credential manager's API (docs/architecture.md#http-api): applications, their secrets and audit trail.
// Authorisation per application: someone who may not see an application gets 404, never a hint that it exists
// (docs/architecture.md#authorisation).
import type { Router } from 'express';
import { z } from 'zod';
import { secondsToIso } from '@credman/domain';
import type { ApiRoutes } from '../../app.ts';
import type { CredentialService } from '../../credentials/credential-service.ts';
import {
  ApplicationNotFoundError,
  ConcurrentChangeError,
  CredentialValidationError,
  SecretRecentlyUsedError,
} from '../../credentials/credential-service.ts';
import { SecretLimitError, SecretNotFoundError } from '../../credentials/rotation.ts';
import { canManageSecrets, canView } from '../manager-rights.ts';
import type { ManagerRights } from '../manager-rights.ts';
import { principalOf } from '../principal.ts';
import type { Principal } from '../principal.ts';
import { ApiError, validationFailed } from '../problems.ts';
import { parseBody, parseParams, parseQuery } from '../validation.ts';

export interface ApplicationRoutesOptions {
  service: CredentialService;
  /** Keycloak's token endpoint as partner systems reach it (shown on the application page). */
  tokenEndpoint: string;
}

const clientIdParams = z.object({ clientId: z.string().min(1).max(255) });
const secretParams = clientIdParams.extend({ secretId: z.string().min(1).max(64) });
const listQuery = z.object({
  search: z.string().max(100).optional(),
  first: z.coerce.number().int().min(0).max(1_000_000).default(0),
  max: z.coerce.number().int().min(1).max(100).default(50),
});
const createBody = z.strictObject({
  name: z.string().max(1000),
  expiresOn: z.string().max(32),
});
const deleteQuery = z.object({ force: z.enum(['true', 'false']).default('false') });

function notFound(clientId: string): ApiError {
  return new ApiError('not-found', { detail: `No application ${clientId} that you can see.` });
}

/** Service errors → problems. Keycloak being unavailable is mapped by the central error handler (503). */
function toApiError(error: unknown, clientId: string): unknown {
  if (error instanceof ApplicationNotFoundError) return notFound(clientId);
  if (error instanceof CredentialValidationError) return validationFailed(error.fields);
  if (error instanceof SecretLimitError)
    return new ApiError('secret-limit', {
      detail: error.message,
      extensions: {
        deleteFirst: { id: error.deleteFirst.id, name: error.deleteFirst.name, hint: error.deleteFirst.hint },
      },
    });
  if (error instanceof SecretNotFoundError)
    return new ApiError('not-found', { detail: 'No such live secret.' });
  if (error instanceof SecretRecentlyUsedError)
    return new ApiError('secret-recently-used', {
      detail: `${error.message}. Delete it with force=true if your systems no longer use it.`,
      extensions: {
        lastUsedAt: new Date(error.lastUsedAt).toISOString(),
        lastUseAmbiguous: error.ambiguous,
      },
    });
  if (error instanceof ConcurrentChangeError)
    return new ApiError('conflict', {
      detail:
        'Another change of this application is in progress (or did not finish and is held for up to two minutes). Reload and retry.',
    });
  return error;
}

async function requireManager(
  principal: Principal,
  clientId: string,
  managerRights: ManagerRights | undefined,
): Promise<void> {
  if (!canView(principal, clientId)) throw notFound(clientId);
  if (!(await canManageSecrets(principal, clientId, managerRights)))
    throw new ApiError('manager-required', { detail: 'Only credential managers may change secrets.' });
}

export function applicationRoutes(options: ApplicationRoutesOptions): ApiRoutes {
  const { service, tokenEndpoint } = options;
  return (router: Router, { managerRights }) => {
    router.get('/applications', async (req, res) => {
      const principal = principalOf(req);
      const query = parseQuery(listQuery, req);
      const visible = principal.isOperator
        ? () => true
        : (clientId: string) => principal.managedClientIds.includes(clientId);
      const all = await service.listApplications({
        ...(query.search ? { search: query.search } : {}),
        visible,
      });
      res.set('Cache-Control', 'no-store').json({
        total: all.length,
        first: query.first,
        applications: all.slice(query.first, query.first + query.max),
      });
    });

    router.get('/applications/:clientId', async (req, res) => {
      const { clientId } = parseParams(clientIdParams, req);
      if (!canView(principalOf(req), clientId)) throw notFound(clientId);
      try {
        const application = await service.application(clientId);
        res.set('Cache-Control', 'no-store').json({ ...application, tokenEndpoint });
      } catch (error) {
        throw toApiError(error, clientId);
      }
    });

    router.get('/applications/:clientId/audit', async (req, res) => {
      const { clientId } = parseParams(clientIdParams, req);
      if (!canView(principalOf(req), clientId)) throw notFound(clientId);
      try {
        const entries = (await service.audit(clientId)).map((entry) => ({
          ...entry,
          at: secondsToIso(entry.at),
        }));
        res.set('Cache-Control', 'no-store').json({ entries });
      } catch (error) {
        throw toApiError(error, clientId);
      }
    });

    router.post('/applications/:clientId/secrets', async (req, res) => {
      const principal = principalOf(req);
      const { clientId } = parseParams(clientIdParams, req);
      await requireManager(principal, clientId, managerRights);
      const body = parseBody(createBody, req);
      try {
        const actor = { id: principal.userId, username: principal.username, name: principal.name };
        const created = await service.createSecret(clientId, body, actor);
        // The one response that carries a secret value: never cached, never logged (pino redacts *.value).
        res
          .status(201)
          .set('Cache-Control', 'no-store')
          .json({ secret: created.secret, value: created.value });
      } catch (error) {
        throw toApiError(error, clientId);
      }
    });

    router.delete('/applications/:clientId/secrets/:secretId', async (req, res) => {
      const principal = principalOf(req);
      const { clientId, secretId } = parseParams(secretParams, req);
      await requireManager(principal, clientId, managerRights);
      const { force } = parseQuery(deleteQuery, req);
      try {
        const actor = { id: principal.userId, username: principal.username, name: principal.name };
        await service.deleteSecret(clientId, secretId, actor, { force: force === 'true' });
        res.status(204).end();
      } catch (error) {
        throw toApiError(error, clientId);
      }
    });
  };
}
