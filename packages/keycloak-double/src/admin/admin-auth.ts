// Authentication of Admin REST calls (AdminRoot.authenticateRealmAdminRequest): a bearer access token signed by
// the realm's key, issued by this realm, unexpired, for an existing enabled user and an enabled client. Anything
// else is 401. Permissions are checked separately (permissions.ts) against the user's roles at call time.
import type { KeycloakDouble } from '../double.ts';
import type { ClientModel, UserModel } from '../model/types.ts';
import { unauthorized } from './errors.ts';

export interface AdminCaller {
  user: UserModel;
  /** The client the token was issued to (`azp`). */
  client: ClientModel;
  ipAddress: string;
}

function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}

export async function authenticateAdmin(
  double: KeycloakDouble,
  authorization: string | undefined,
  issuer: string,
  ipAddress: string,
): Promise<AdminCaller> {
  const token = bearerToken(authorization);
  if (token === undefined) throw unauthorized();
  const realm = double.realm;
  let payload;
  try {
    ({ payload } = await double.keys.verify(token, realm.clock.now()));
  } catch {
    // Bad signature, malformed, expired or not yet valid: Keycloak answers all of these alike.
    throw unauthorized();
  }
  // Only access tokens (typ Bearer) of this realm are accepted; ID and refresh tokens are not.
  if (payload.iss !== issuer || payload.typ !== 'Bearer') throw unauthorized();
  const user = typeof payload.sub === 'string' ? realm.users.get(payload.sub) : undefined;
  if (!user?.enabled) throw unauthorized();
  const client = typeof payload.azp === 'string' ? realm.clientByClientId(payload.azp) : undefined;
  if (!client?.enabled) throw unauthorized();
  return { user, client, ipAddress };
}
