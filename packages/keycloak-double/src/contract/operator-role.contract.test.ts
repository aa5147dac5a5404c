// Contract: the live operator check (docs/architecture.md#authorisation). With only the sidecar's credentials
// (view-users), `GET /users/{id}/role-mappings/realm/composite` lists every realm role the user has: mapped
// directly, through a group, or inside a composite role; a removed mapping is gone from the next answer. The
// users, group and composite role are set up beyond the sidecar's rights (privileged.ts), never asserted so.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import { canSetUpBeyondSidecar, startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';
import { adminFetch } from './admin-fixtures.ts';
import { throwAwayUser } from './privileged.ts';
import type { Cleanups } from './privileged.ts';

const OPERATOR_ROLE = 'credman-operator';

let target: ContractTarget;
const cleanups: Cleanups = [];

beforeAll(async () => {
  target = await startContractTarget();
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await target.close();
});

/** The realm role names the sidecar's service account reads for the user (the fact under test). */
async function effectiveRealmRoles(userId: string): Promise<string[]> {
  const token = (await target.admin()).accessToken ?? '';
  const response = await adminFetch(target, token, `/users/${userId}/role-mappings/realm/composite`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { name: string }[]).map((role) => role.name);
}

interface Holders {
  direct: string;
  viaGroup: string;
  viaComposite: string;
  none: string;
}

/** Grants or removes a realm role on a user (set-up beyond the sidecar's rights). */
type RoleSwitch = (userId: string, held: boolean) => Promise<void>;

async function masterSetUp(admin: KeycloakAdminClient, users: Holders): Promise<RoleSwitch> {
  const operator = await admin.roles.findOneByName({ name: OPERATOR_ROLE });
  if (!operator?.id) throw new Error(`no realm role ${OPERATOR_ROLE}`);
  const roles = [{ id: operator.id, name: OPERATOR_ROLE }];
  const { id: groupId } = await admin.groups.create({
    name: `contract-operators-${randomUUID().slice(0, 8)}`,
  });
  cleanups.push(async () => (await target.masterAdmin?.())?.groups.del({ id: groupId }));
  await admin.groups.addRealmRoleMappings({ id: groupId, roles });
  await admin.users.addToGroup({ id: users.viaGroup, groupId });
  const compositeName = `contract-composite-${randomUUID().slice(0, 8)}`;
  await admin.roles.create({ name: compositeName });
  cleanups.push(async () => (await target.masterAdmin?.())?.roles.delByName({ name: compositeName }));
  const composite = await admin.roles.findOneByName({ name: compositeName });
  if (!composite?.id) throw new Error('composite role not created');
  await admin.roles.createComposite({ roleId: composite.id }, roles);
  await admin.users.addRealmRoleMappings({
    id: users.viaComposite,
    roles: [{ id: composite.id, name: compositeName }],
  });
  return async (userId, held) => {
    const master = await target.masterAdmin?.();
    if (held) await master?.users.addRealmRoleMappings({ id: userId, roles });
    else await master?.users.delRealmRoleMappings({ id: userId, roles });
  };
}

function doubleSetUp(users: Holders): RoleSwitch {
  const realm = target.double?.realm;
  const operator = realm?.realmRole(OPERATOR_ROLE);
  if (!realm || !operator) throw new Error(`double realm lacks ${OPERATOR_ROLE}`);
  const groupId = randomUUID();
  realm.groups.set(groupId, {
    id: groupId,
    name: 'contract-operators',
    path: '/contract-operators',
    attributes: {},
    roleMappings: new Set([operator.id]),
  });
  realm.users.get(users.viaGroup)?.groupIds.add(groupId);
  const compositeId = randomUUID();
  realm.roles.set(compositeId, {
    id: compositeId,
    name: 'contract-composite',
    containerId: realm.id,
    clientRole: false,
    composites: new Set([operator.id]),
    attributes: {},
  });
  realm.users.get(users.viaComposite)?.roleMappings.add(compositeId);
  return (userId, held) => {
    const mappings = realm.users.get(userId)?.roleMappings;
    if (held) mappings?.add(operator.id);
    else mappings?.delete(operator.id);
    return Promise.resolve();
  };
}

describe('effective realm roles of a user (contract)', () => {
  it.skipIf(!canSetUpBeyondSidecar)(
    "given a realm role held directly, through a group or inside a composite, then the sidecar's credentials read it among the user's effective realm roles, and a removed mapping is gone at once",
    async () => {
      const user = async () => (await throwAwayUser(target, cleanups, { totp: false })).id;
      const users: Holders = {
        direct: await user(),
        viaGroup: await user(),
        viaComposite: await user(),
        none: await user(),
      };
      const master = await target.masterAdmin?.();
      const setRole = master ? await masterSetUp(master, users) : doubleSetUp(users);
      await setRole(users.direct, true);

      const holds = async (userId: string) => (await effectiveRealmRoles(userId)).includes(OPERATOR_ROLE);
      expect({
        direct: await holds(users.direct),
        viaGroup: await holds(users.viaGroup),
        viaComposite: await holds(users.viaComposite),
        none: await holds(users.none),
      }).toEqual({ direct: true, viaGroup: true, viaComposite: true, none: false });

      await setRole(users.direct, false);
      expect(await holds(users.direct)).toBe(false);
    },
  );
});
