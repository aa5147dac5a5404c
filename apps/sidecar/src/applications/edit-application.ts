// Operators change an application's description or permissions (docs/architecture.md#editing-secrets-and-applications).
// Permissions are the client's default client scopes, changed with Keycloak's default-client-scopes endpoints
// (added before removed, so a token never loses every permission in between); the description goes into the
// claimed PUT with the audit entry, like every credman write. The managers are told afterwards.
import {
  parseApplicationName,
  toSeconds,
  validateApplicationDescription,
  validatePermissions,
} from '@credman/domain';
import type { ApiCatalogue, EpochMillis } from '@credman/domain';
import { epochMillis } from '@credman/domain';
import type { CredentialService } from '../credentials/credential-service.ts';
import type { ApplicationStore } from '../store/application-store.ts';
import { ApplicationNotFoundError } from '../store/errors.ts';
import type { Actor } from '../store/records/secrets.ts';
import type { KeycloakPort } from '../keycloak/port.ts';
import { ApplicationInputError } from './errors.ts';
import { permissionScopeChanges, permissionsOf } from './scopes.ts';

export type EditedApplicationField = 'description' | 'permissions';

/** What the managers are told: never anything secret. */
export interface ApplicationEdit {
  clientId: string;
  clientUuid: string;
  changed: EditedApplicationField[];
  description: string | null;
  permissions: { before: string[]; after: string[] };
  actor: Actor;
  at: EpochMillis;
}

export interface EditApplicationDeps {
  keycloak: KeycloakPort;
  store: Pick<ApplicationStore, 'application'>;
  credentials: Pick<CredentialService, 'recordAudit'>;
  catalogue: ApiCatalogue;
  /** Epoch milliseconds. */
  now: () => number;
  /** Told after a change (mail to the managers); must neither throw nor block. */
  onApplicationEdit?: ((edit: ApplicationEdit) => void) | undefined;
}

type FieldErrors = ApplicationInputError['fields'];

/** The clean description ('' removes it), by the rule a create checks too. */
function checkDescription(raw: string, fields: FieldErrors): string {
  const result = validateApplicationDescription(raw);
  if (result.ok) return result.value ?? '';
  for (const { reason, message } of result.errors) fields.push({ field: 'description', reason, message });
  return raw;
}

function checkPermissions(clientId: string, wanted: string[], catalogue: ApiCatalogue, fields: FieldErrors) {
  const name = parseApplicationName(clientId, catalogue);
  if (!name.ok) throw new ApplicationNotFoundError(clientId);
  const result = validatePermissions(name.value, wanted, catalogue);
  if (!result.ok)
    for (const error of result.errors) {
      const index = error.scope === undefined ? -1 : wanted.indexOf(error.scope);
      fields.push({
        field: index < 0 ? 'permissions' : `permissions.${String(index)}`,
        reason: error.reason,
        message: error.message,
      });
    }
  return result.ok ? result.value : [];
}

/** The valid edit; ApplicationInputError listing every bad field. */
function validateEdit(
  clientId: string,
  input: { description?: string | undefined; permissions?: string[] | undefined },
  catalogue: ApiCatalogue,
): { description?: string | undefined; permissions?: string[] | undefined } {
  const fields: FieldErrors = [];
  if (input.description === undefined && input.permissions === undefined)
    throw new ApplicationInputError([
      { field: 'description', reason: 'required', message: 'Send the description, the permissions or both' },
    ]);
  const description =
    input.description === undefined ? undefined : checkDescription(input.description, fields);
  const permissions =
    input.permissions === undefined
      ? undefined
      : checkPermissions(clientId, input.permissions, catalogue, fields);
  if (fields.length > 0) throw new ApplicationInputError(fields);
  return { description, permissions };
}

export async function editApplication(
  deps: EditApplicationDeps,
  clientId: string,
  input: { description?: string | undefined; permissions?: string[] | undefined },
  actor: Actor,
): Promise<{ clientId: string; description: string | null; permissions: string[] }> {
  const edit = validateEdit(clientId, input, deps.catalogue);
  // A managed, readable application only (404 and 409 metadata-damaged otherwise).
  const stored = await deps.store.application(clientId);
  const before = permissionsOf(stored.defaultClientScopes, deps.catalogue);
  const after = edit.permissions ?? before;
  const { add, remove } = permissionScopeChanges(before, after);
  for (const scope of add) await deps.keycloak.addDefaultClientScope(stored.id, scope);
  for (const scope of remove) await deps.keycloak.removeDefaultClientScope(stored.id, scope);
  const description = edit.description ?? stored.description ?? '';
  const changed: EditedApplicationField[] = [
    ...(description !== (stored.description ?? '') ? (['description'] as const) : []),
    ...(add.length + remove.length > 0 ? (['permissions'] as const) : []),
  ];
  if (changed.length > 0) {
    const at = deps.now();
    await deps.credentials.recordAudit(
      clientId,
      [{ at: toSeconds(at), action: 'application-edited', actor, changed }],
      changed.includes('description') ? { description } : {},
    );
    deps.onApplicationEdit?.({
      clientId,
      clientUuid: stored.id,
      changed,
      description: description === '' ? null : description,
      permissions: { before, after },
      actor,
      at: epochMillis(at),
    });
  }
  return { clientId, description: description === '' ? null : description, permissions: after };
}
