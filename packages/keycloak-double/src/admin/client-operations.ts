// What the client admin endpoints do to the model, step by step in Keycloak's order (ClientResource.update,
// regenerateSecret, invalidateRotatedSecret, ClientManager.removeClient).
import { epochSeconds } from '../clock.ts';
import { applyClientRepresentation, createServiceAccountUser, toMapper } from '../import/import-realm.ts';
import type { ClientRepresentation } from '../import/representation.ts';
import { runSecretRotationExecutors } from '../model/client-policies.ts';
import {
  ROTATED_SECRET,
  ROTATED_SECRET_CREATION_TIME,
  ROTATED_SECRET_EXPIRATION_TIME,
  SECRET_CREATION_TIME,
  removeClientSecretRotationInfo,
} from '../model/client-secret.ts';
import { generateClientSecret } from '../model/generate-secret.ts';
import type { RealmState } from '../model/realm.ts';
import type { ClientModel, RoleModel } from '../model/types.ts';

/** KeycloakModelUtils.generateSecret: a new secret with its creation time. */
function generateSecret(realm: RealmState, client: ClientModel): void {
  client.secret = generateClientSecret();
  client.attributes.set(SECRET_CREATION_TIME, String(epochSeconds(realm.clock)));
}

/** RepresentationToModel.updateClient plus ClientResource.updateClientFromRep's side effects. */
function applyUpdate(realm: RealmState, client: ClientModel, rep: ClientRepresentation): void {
  client.clientId = rep.clientId;
  applyClientRepresentation(client, rep);
  // determineNewSecret: no secret for public/bearer-only clients; the given one; else keep or generate.
  if (client.publicClient || client.bearerOnly) delete client.secret;
  else if (rep.secret !== undefined) client.secret = rep.secret;
  else if (client.secret === undefined) generateSecret(realm, client);
  // A representation without authorizationServicesEnabled:true disables authorization services.
  if (rep.authorizationServicesEnabled !== true) client.authorizationServicesEnabled = false;
  const known = (names: string[]) => names.filter((name) => realm.clientScopeByName(name) !== undefined);
  if (rep.defaultClientScopes !== undefined) client.defaultClientScopes = known(rep.defaultClientScopes);
  if (rep.optionalClientScopes !== undefined) client.optionalClientScopes = known(rep.optionalClientScopes);
  if (rep.protocolMappers !== undefined) client.protocolMappers = rep.protocolMappers.map(toMapper);
  if (client.serviceAccountsEnabled && !client.serviceAccountUserId) createServiceAccountUser(realm, client);
}

/**
 * PUT /clients/{id} after validation: apply the representation (secret and attributes included), raise the
 * UPDATED policy event, and wipe the rotation attributes when no secret-rotation executor ran.
 */
export function updateClient(realm: RealmState, client: ClientModel, rep: ClientRepresentation): void {
  applyUpdate(realm, client, rep);
  const executorRan = runSecretRotationExecutors(realm, client, 'updated', epochSeconds(realm.clock));
  if (!executorRan) removeClientSecretRotationInfo(client);
}

const SERVICE_ACCOUNT_SCOPE = 'service_account';

/**
 * POST /clients after creation: its service account and that scope, then the REGISTERED policy event; nothing
 * is wiped at creation.
 */
export function clientRegistered(realm: RealmState, client: ClientModel): void {
  if (client.serviceAccountsEnabled && !client.serviceAccountUserId) {
    createServiceAccountUser(realm, client);
    // ClientManager.enableServiceAccount links the realm's `service_account` scope as a default scope.
    const linked = [...client.defaultClientScopes, ...client.optionalClientScopes];
    if (realm.clientScopeByName(SERVICE_ACCOUNT_SCOPE) && !linked.includes(SERVICE_ACCOUNT_SCOPE))
      client.defaultClientScopes.push(SERVICE_ACCOUNT_SCOPE);
  }
  runSecretRotationExecutors(realm, client, 'registered', epochSeconds(realm.clock));
}

/** POST /clients/{id}/client-secret: a new secret; the old one becomes rotated only if an executor ran. */
export function regenerateSecret(realm: RealmState, client: ClientModel): string {
  const previous = client.secret;
  generateSecret(realm, client);
  const executorRan = runSecretRotationExecutors(
    realm,
    client,
    'regenerated',
    epochSeconds(realm.clock),
    previous,
  );
  if (!executorRan) removeClientSecretRotationInfo(client);
  return client.secret ?? '';
}

/** DELETE /clients/{id}/client-secret/rotated: drops the rotated secret and its times. */
export function removeRotatedSecret(client: ClientModel): void {
  for (const key of [ROTATED_SECRET, ROTATED_SECRET_CREATION_TIME, ROTATED_SECRET_EXPIRATION_TIME])
    client.attributes.delete(key);
}

/** ClientManager.removeClient: the client, its roles (and every mapping of them) and its service account. */
export function deleteClient(realm: RealmState, client: ClientModel): void {
  const roleIds = new Set(realm.clientRoles(client.id).map((role) => role.id));
  for (const id of roleIds) realm.roles.delete(id);
  for (const role of realm.roles.values()) for (const id of roleIds) role.composites.delete(id);
  for (const user of realm.users.values()) for (const id of roleIds) user.roleMappings.delete(id);
  for (const group of realm.groups.values()) for (const id of roleIds) group.roleMappings.delete(id);
  for (const other of realm.clients.values()) for (const id of roleIds) other.scopeMappings.delete(id);
  if (client.serviceAccountUserId) realm.users.delete(client.serviceAccountUserId);
  realm.clients.delete(client.id);
}

/** RoleContainerResource.deleteRole's effect: the role leaves every mapping, composite and scope that held it. */
export function removeRole(realm: RealmState, role: RoleModel): void {
  realm.roles.delete(role.id);
  for (const holder of [...realm.users.values(), ...realm.groups.values()])
    holder.roleMappings.delete(role.id);
  for (const other of realm.roles.values()) other.composites.delete(role.id);
  for (const other of realm.clients.values()) other.scopeMappings.delete(role.id);
}
