// Client authentication at the token endpoint: ClientIdAndSecretAuthenticator for confidential clients
// (client_secret_basic and client_secret_post), in Keycloak's order of checks.
import type { RealmState } from '../model/realm.ts';
import type { ClientModel } from '../model/types.ts';
import { epochSeconds } from '../clock.ts';
import {
  isClientSecretExpired,
  validatePrimarySecret,
  validateRotatedSecret,
} from '../model/client-secret.ts';
import { oauthError } from './oauth-error.ts';

export type ClientAuthResult =
  | {
      ok: true;
      client: ClientModel;
      method: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
    }
  | { ok: false; response: Response; client?: ClientModel; clientId?: string; eventError: string };

/** application/x-www-form-urlencoded decoding of one Basic credential part (BasicAuthHelper.RFC6749). */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

function parseBasic(header: string | null): { clientId: string; secret: string } | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  try {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

const INVALID_CREDENTIALS = 'Invalid client or Invalid client credentials';

export function authenticateClient(
  realm: RealmState,
  authorization: string | null,
  form: URLSearchParams,
): ClientAuthResult {
  const basic = parseBasic(authorization);
  // Form parameters override the header's values when present.
  const clientId = form.get('client_id') ?? basic?.clientId;
  const secret = form.get('client_secret') ?? basic?.secret;
  const method = form.has('client_secret') ? 'client_secret_post' : 'client_secret_basic';
  if (!clientId) {
    // ClientIdAndSecretAuthenticator only challenges ("Missing client_id parameter", 400); when no client
    // authenticator of the flow succeeds, ClientAuthenticationFlow fails with CLIENT_NOT_FOUND, which
    // AuthenticationProcessor answers 401 invalid_client.
    return {
      ok: false,
      ...(clientId === '' ? { clientId } : {}),
      eventError: 'client_not_found',
      response: oauthError(401, 'invalid_client', INVALID_CREDENTIALS),
    };
  }
  const client = realm.clientByClientId(clientId);
  if (!client) {
    return {
      ok: false,
      clientId,
      eventError: 'client_not_found',
      response: oauthError(401, 'invalid_client', INVALID_CREDENTIALS),
    };
  }
  if (!client.enabled) {
    return {
      ok: false,
      client,
      clientId,
      eventError: 'client_disabled',
      response: oauthError(401, 'invalid_client', INVALID_CREDENTIALS),
    };
  }
  if (client.publicClient) return { ok: true, client, method: 'none' };
  // A client-jwt client is authenticated by its assertion only: a secret is refused (seen on 26.7.3).
  if (client.clientAuthenticatorType === 'client-jwt')
    return {
      ok: false,
      client,
      clientId,
      eventError: 'invalid_client_credentials',
      response: oauthError(400, 'invalid_client', 'Parameter client_assertion_type is missing'),
    };
  const failure = (): ClientAuthResult => ({
    ok: false,
    client,
    clientId,
    eventError: 'invalid_client_credentials',
    response: oauthError(401, 'unauthorized_client', INVALID_CREDENTIALS),
  });
  if (secret === undefined || secret === '' || client.secret === undefined) return failure();
  const now = epochSeconds(realm.clock);
  if (!validatePrimarySecret(client, secret) && !validateRotatedSecret(client, secret, now)) return failure();
  // Checked after either match: an expired current secret locks the rotated one out too.
  if (isClientSecretExpired(client, now)) return failure();
  return { ok: true, client, method };
}
