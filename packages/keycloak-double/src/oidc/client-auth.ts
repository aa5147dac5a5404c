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
import { matchRetired } from '../model/credman-extension.ts';
import type { SecretSlot } from '../model/credman-extension.ts';
import { oauthError } from './oauth-error.ts';

export type ClientAuthResult =
  | {
      ok: true;
      client: ClientModel;
      method: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
      /** With credman's extension: which stored secret matched (event detail credman_secret_slot). */
      secretSlot?: SecretSlot;
      /** Event details the authenticator itself adds (client-jwt: the assertion's id, issuer, subject, key id). */
      details?: Record<string, string>;
    }
  | {
      ok: false;
      response: Response;
      client?: ClientModel;
      clientId?: string;
      eventError: string;
      /** With credman's extension: the retired secret the refused value was (event detail credman_retired_secret). */
      retiredSecretId?: string | undefined;
    };

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
  options: { extension: boolean } = { extension: false },
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
  return checkSecret(realm, { client, clientId }, secret, method, options.extension);
}

/** The secret checks of a confidential client-secret client, and what credman's extension adds to them. */
function checkSecret(
  realm: RealmState,
  { client, clientId }: { client: ClientModel; clientId: string },
  secret: string | undefined,
  method: 'client_secret_basic' | 'client_secret_post',
  extension: boolean,
): ClientAuthResult {
  const now = epochSeconds(realm.clock);
  const failure = (): ClientAuthResult => {
    // The extension looks up a refused value among the retired digests only when a value was presented.
    const retiredSecretId = extension && secret !== undefined ? matchRetired(client, secret, now) : undefined;
    return {
      ok: false,
      client,
      clientId,
      eventError: 'invalid_client_credentials',
      response: oauthError(401, 'unauthorized_client', INVALID_CREDENTIALS),
      retiredSecretId,
    };
  };
  if (secret === undefined || secret === '' || client.secret === undefined) return failure();
  const current = validatePrimarySecret(client, secret);
  if (!current && !validateRotatedSecret(client, secret, now)) return failure();
  // Checked after either match: an expired current secret locks the rotated one out too.
  if (isClientSecretExpired(client, now)) return failure();
  return {
    ok: true,
    client,
    method,
    ...(extension ? { secretSlot: current ? ('current' as const) : ('rotated' as const) } : {}),
  };
}
