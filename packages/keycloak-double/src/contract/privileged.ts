// Set-ups beyond the sidecar's permissions for the contract suite: users with a password (and a TOTP key), a
// realm administrator, and id look-ups of clients and users the sidecar may not see. Against Keycloak they go
// through the master admin (KEYCLOAK_ADMIN_USERNAME/PASSWORD), against the double through its model. Facts are
// never asserted through these: only set up (keycloak-double README, "The contract suite").
import { randomUUID } from 'node:crypto';
import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type { ContractTarget } from './target.ts';

export interface ThrowAwayUser {
  id: string;
  username: string;
  password: string;
  email: string;
  /** The raw TOTP secret (its UTF-8 bytes are the key), when the user has one. */
  totpSecret?: string | undefined;
}

/** Removals of what these helpers created; run them in afterAll. */
export type Cleanups = (() => Promise<unknown>)[];

function otpCredential(secret: string): Record<string, unknown> {
  return {
    type: 'otp',
    userLabel: 'contract',
    secretData: JSON.stringify({ value: secret }),
    credentialData: JSON.stringify({
      subType: 'totp',
      digits: 6,
      counter: 0,
      period: 30,
      algorithm: 'HmacSHA1',
    }),
  };
}

/** An enabled user with a verified email, a password and, if asked, a TOTP credential. */
export async function throwAwayUser(
  target: ContractTarget,
  cleanups: Cleanups,
  options: { totp: boolean },
): Promise<ThrowAwayUser> {
  const username = `contract-${randomUUID().slice(0, 8)}`;
  const password = `pw-${randomUUID()}`;
  const email = `${username}@example.org`;
  const totpSecret = options.totp ? `contract-${randomUUID().slice(0, 12)}` : undefined;
  const profile = { email, firstName: 'Contract', lastName: 'User', emailVerified: true };
  if (target.masterAdmin) {
    const admin = await target.masterAdmin();
    const { id } = await admin.users.create({
      username,
      enabled: true,
      ...profile,
      requiredActions: [],
      credentials: [
        { type: 'password', value: password, temporary: false },
        ...(totpSecret ? [otpCredential(totpSecret)] : []),
      ],
    });
    cleanups.push(async () => (await target.masterAdmin?.())?.users.del({ id }));
    // Keycloak adds the realm's default required actions (CONFIGURE_TOTP) on create, whatever was sent.
    await admin.users.update({ id }, { requiredActions: [] });
    return { id, username, password, email, totpSecret };
  }
  const realm = target.double?.realm;
  if (!realm) throw new Error('creating a user needs KEYCLOAK_ADMIN_USERNAME/PASSWORD');
  const id = randomUUID();
  realm.users.set(id, {
    id,
    username,
    ...profile,
    enabled: true,
    createdTimestamp: target.now(),
    attributes: {},
    password,
    otpCredentials: totpSecret
      ? [
          {
            id: randomUUID(),
            createdDate: target.now(),
            key: new TextEncoder().encode(totpSecret),
            algorithm: 'HmacSHA1',
            digits: 6,
            period: 30,
          },
        ]
      : [],
    requiredActions: [],
    roleMappings: new Set(),
    groupIds: new Set(),
  });
  return { id, username, password, email, totpSecret };
}

/**
 * An admin client with realm-admin: the master admin against Keycloak; against the double a service account
 * granted realm-admin in the model.
 */
export async function realmAdmin(target: ContractTarget, cleanups: Cleanups): Promise<KeycloakAdminClient> {
  if (target.masterAdmin) return target.masterAdmin();
  const realm = target.double?.realm;
  if (!realm) throw new Error('a realm admin needs KEYCLOAK_ADMIN_USERNAME/PASSWORD');
  const clientId = `contract-realm-admin-${randomUUID().slice(0, 8)}`;
  const secret = randomUUID();
  const sidecar = await target.admin();
  const { id } = await sidecar.clients.create({
    clientId,
    publicClient: false,
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    clientAuthenticatorType: 'client-secret',
    secret,
  });
  cleanups.push(async () => (await target.admin()).clients.del({ id }));
  const client = realm.clients.get(id);
  const account = client ? realm.serviceAccountOf(client) : undefined;
  const management = realm.clientByClientId('realm-management');
  const role = management ? realm.clientRole(management.id, 'realm-admin') : undefined;
  if (!account || !role) throw new Error('double realm lacks a service account or realm-admin');
  account.roleMappings.add(role.id);
  const admin = new KeycloakAdminClient({ baseUrl: target.baseUrl, realmName: target.realm });
  await admin.auth({ grantType: 'client_credentials', clientId, clientSecret: secret });
  return admin;
}

/** The id of a client the sidecar may not see (a look-up, not a fact). */
export async function clientIdOf(target: ContractTarget, clientId: string): Promise<string> {
  if (target.masterAdmin) {
    const [found] = await (await target.masterAdmin()).clients.find({ clientId });
    if (found?.id) return found.id;
  }
  const id = target.double?.realm.clientByClientId(clientId)?.id;
  if (id === undefined) throw new Error(`no client ${clientId}`);
  return id;
}

/** The holders `roleHolders` made: usernames, and the group's name and id. */
export interface RoleHolders {
  /** Holds the role by a mapping of its own. */
  direct: string;
  group: string;
  groupId: string;
  /** The group's one member: holds the role only through the group. */
  member: string;
}

/**
 * A user holding the client role `roleName` of the client with id `clientUuid` directly, and a group holding it
 * with one member (each user with an unverified `<username>@example.org`): users and groups the sidecar's roles
 * cannot create.
 */
export async function roleHolders(
  target: ContractTarget,
  cleanups: Cleanups,
  clientUuid: string,
  roleName: string,
  prefix: string,
): Promise<RoleHolders> {
  const tag = randomUUID().slice(0, 8);
  const names = {
    direct: `${prefix}-direct-${tag}`,
    group: `${prefix}-group-${tag}`,
    member: `${prefix}-member-${tag}`,
  };
  if (target.masterAdmin) {
    const admin = await target.masterAdmin();
    const role = await admin.clients.findRole({ id: clientUuid, roleName });
    if (!role?.id || !role.name) throw new Error(`the client lacks the role ${roleName}`);
    const roles = [{ id: role.id, name: role.name }];
    const { id: groupId } = await admin.groups.create({ name: names.group });
    cleanups.push(async () => (await target.masterAdmin?.())?.groups.del({ id: groupId }));
    await admin.groups.addClientRoleMappings({ id: groupId, clientUniqueId: clientUuid, roles });
    const user = async (username: string) => {
      const { id } = await admin.users.create({ username, enabled: true, email: `${username}@example.org` });
      cleanups.push(async () => (await target.masterAdmin?.())?.users.del({ id }));
      return id;
    };
    await admin.users.addClientRoleMappings({
      id: await user(names.direct),
      clientUniqueId: clientUuid,
      roles,
    });
    await admin.users.addToGroup({ id: await user(names.member), groupId });
    return { ...names, groupId };
  }
  if (!target.double) throw new Error('set-up beyond the sidecar needs KEYCLOAK_ADMIN_USERNAME/PASSWORD');
  const { realm } = target.double;
  const role = realm.clientRole(clientUuid, roleName);
  if (!role) throw new Error(`the double's client lacks the role ${roleName}`);
  const groupId = randomUUID();
  realm.groups.set(groupId, {
    id: groupId,
    name: names.group,
    path: `/${names.group}`,
    attributes: {},
    roleMappings: new Set([role.id]),
  });
  const user = (username: string, roleIds: string[], groupIds: string[]) => {
    const id = randomUUID();
    realm.users.set(id, {
      id,
      username,
      email: `${username}@example.org`,
      emailVerified: false,
      enabled: true,
      createdTimestamp: target.now(),
      attributes: {},
      otpCredentials: [],
      requiredActions: [],
      roleMappings: new Set(roleIds),
      groupIds: new Set(groupIds),
    });
  };
  user(names.direct, [role.id], []);
  user(names.member, [], [groupId]);
  return { ...names, groupId };
}
