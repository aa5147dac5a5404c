// Validation of a request to /protocol/openid-connect/auth in Keycloak's order (AuthorizationEndpoint.process and
// AuthorizationEndpointChecker): client → redirect_uri (both answered with an error page) → response_type and
// response_mode → scope → PKCE (these redirect back with error/error_description/state/iss) → requested acr.
import type { RealmState } from '../model/realm.ts';
import type { ClientModel } from '../model/types.ts';
import { MESSAGES } from '../login/pages.ts';
import { requestedLevel } from '../login/loa.ts';
import type { AuthorizationRequest } from '../login/sessions.ts';
import { checkPkceRequest } from './pkce.ts';
import { verifyRedirectUri } from './redirect-uri.ts';
import { InvalidScopeError, resolveClientScopes } from './token-claims.ts';

export type ResponseMode = AuthorizationRequest['responseMode'];

export type AuthorizationCheck =
  | {
      kind: 'error-page';
      status: 400 | 403;
      message: string;
      eventError: string;
      clientId?: string | undefined;
      reason?: string | undefined;
    }
  | {
      kind: 'redirect-error';
      redirectUri: string;
      mode: ResponseMode;
      params: Record<string, string>;
      eventError: string;
      client: ClientModel;
      reason?: string | undefined;
    }
  | {
      kind: 'accepted';
      client: ClientModel;
      request: AuthorizationRequest;
      prompt: string[];
      maxAge?: number | undefined;
    };

const CODE_TYPES = new Set(['code', 'none']);
const IMPLICIT_OR_HYBRID = new Set([
  'token',
  'id_token',
  'code id_token',
  'code token',
  'code id_token token',
  'id_token token',
]);

function normalizeResponseType(value: string): string {
  const parts = value.split(' ').filter((p) => p !== '');
  const order = ['code', 'id_token', 'token', 'none'];
  return parts.sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(' ');
}

/** Builds the URL or page that carries an authorization response back to the client. */
export function authorizationResponse(
  redirectUri: string,
  mode: ResponseMode,
  params: Record<string, string>,
): Response {
  if (mode === 'form_post') {
    const fields = Object.entries(params)
      .map(
        ([name, value]) =>
          `<input type="hidden" name="${escapeAttribute(name)}" value="${escapeAttribute(value)}">`,
      )
      .join('\n');
    const html = `<!DOCTYPE html><html><head><title>Submit This Form</title></head><body onload="document.forms[0].submit()"><form method="post" action="${escapeAttribute(redirectUri)}">${fields}<noscript><button type="submit">Continue</button></noscript></form></body></html>`;
    return new Response(html, {
      status: 200,
      headers: { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-store' },
    });
  }
  const encoded = new URLSearchParams(params).toString();
  let location: string;
  if (mode === 'fragment') {
    const hashAt = redirectUri.indexOf('#');
    const base = hashAt >= 0 ? redirectUri.slice(0, hashAt) : redirectUri;
    location = `${base}#${encoded}`;
  } else {
    location = `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${encoded}`;
  }
  return new Response(null, { status: 302, headers: { location, 'cache-control': 'no-store' } });
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

type ErrorPage = Extract<AuthorizationCheck, { kind: 'error-page' }>;
type RedirectError = (
  mode: ResponseMode,
  error: string,
  description: string | undefined,
  eventError: string,
) => AuthorizationCheck;

function errorPage(
  status: 400 | 403,
  message: string,
  eventError: string,
  clientId?: string,
  reason?: string,
): ErrorPage {
  return {
    kind: 'error-page',
    status,
    message,
    eventError,
    clientId,
    reason,
  };
}

/** client_id names an enabled client that may start a browser login; otherwise Keycloak shows an error page. */
function checkClient(realm: RealmState, clientId: string | undefined): ClientModel | ErrorPage {
  if (clientId === undefined)
    return errorPage(400, MESSAGES.missingParameter('client_id'), 'invalid_request');
  const client = realm.clientByClientId(clientId);
  if (!client) return errorPage(400, MESSAGES.clientNotFound, 'client_not_found', clientId);
  if (!client.enabled) return errorPage(400, MESSAGES.clientDisabled, 'client_disabled', clientId);
  if (client.bearerOnly) return errorPage(403, MESSAGES.bearerOnly, 'not_allowed', clientId);
  return client;
}

/** Once the redirect_uri is known good, errors go back to it with the state and the issuer. */
function redirectErrorTo(
  client: ClientModel,
  redirectUri: string,
  state: string | undefined,
  issuer: string,
): RedirectError {
  return (mode, error, description, eventError) => ({
    kind: 'redirect-error',
    redirectUri,
    mode,
    client,
    eventError,
    // Parameters of the redirect: one left out is not sent.
    params: {
      error,
      ...(description !== undefined ? { error_description: description } : {}),
      ...(state !== undefined ? { state } : {}),
      iss: issuer,
    },
    reason: description,
  });
}

/** response_type and response_mode, and whether the client may use the flow they ask for: the mode, or an error. */
function checkResponseType(
  client: ClientModel,
  responseTypeParam: string | undefined,
  responseModeParam: string | undefined,
  redirectError: RedirectError,
): ResponseMode | AuthorizationCheck {
  const fallbackMode: ResponseMode = responseModeParam === 'fragment' ? 'fragment' : 'query';
  if (responseTypeParam === undefined)
    return redirectError(
      fallbackMode,
      'invalid_request',
      MESSAGES.missingParameter('response_type'),
      'invalid_request',
    );
  const responseType = normalizeResponseType(responseTypeParam);
  const implicit = IMPLICIT_OR_HYBRID.has(responseType);
  if (!CODE_TYPES.has(responseType) && !implicit)
    return redirectError(fallbackMode, 'unsupported_response_type', undefined, 'invalid_request');
  const defaultMode: ResponseMode = implicit ? 'fragment' : 'query';
  const mode = responseModeParam ?? defaultMode;
  if (mode !== 'query' && mode !== 'fragment' && mode !== 'form_post')
    return redirectError(
      defaultMode,
      'invalid_request',
      MESSAGES.invalidParameter('response_mode'),
      'invalid_request',
    );
  if (implicit && mode === 'query')
    return redirectError(
      defaultMode,
      'invalid_request',
      "Response_mode 'query' not allowed for implicit or hybrid flow",
      'invalid_request',
    );
  return checkFlowAllowed(client, responseType, implicit, mode, redirectError);
}

function checkFlowAllowed(
  client: ClientModel,
  responseType: string,
  implicit: boolean,
  mode: ResponseMode,
  redirectError: RedirectError,
): ResponseMode | AuthorizationCheck {
  if (responseType.split(' ').some((t) => t === 'code' || t === 'none') && !client.standardFlowEnabled)
    return redirectError(
      mode,
      'unauthorized_client',
      'Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.',
      'not_allowed',
    );
  if (implicit && !client.implicitFlowEnabled)
    return redirectError(
      mode,
      'unauthorized_client',
      'Client is not allowed to initiate browser login with given response_type. Implicit flow is disabled for the client.',
      'not_allowed',
    );
  if (implicit)
    // Keycloak would go on with an implicit flow; the double models the authorization code flow only.
    return redirectError(mode, 'unsupported_response_type', undefined, 'invalid_request');
  return mode;
}

function scopesValid(realm: RealmState, client: ClientModel, scope: string | undefined): boolean {
  try {
    resolveClientScopes(realm, client, scope);
    return true;
  } catch (error) {
    if (!(error instanceof InvalidScopeError)) throw error;
    return false;
  }
}

export function checkAuthorizationRequest(
  realm: RealmState,
  params: URLSearchParams,
  issuer: string,
): AuthorizationCheck {
  const get = (name: string) => params.get(name) ?? undefined;
  const client = checkClient(realm, get('client_id'));
  if ('kind' in client) return client;
  const clientId = client.clientId;

  const scope = get('scope');
  const oidcRequest = (scope ?? '').split(' ').includes('openid');
  const redirectUri = verifyRedirectUri(client, get('redirect_uri'), oidcRequest);
  if (redirectUri === undefined)
    return errorPage(400, MESSAGES.invalidParameter('redirect_uri'), 'invalid_redirect_uri', clientId);

  const redirectError = redirectErrorTo(client, redirectUri, get('state'), issuer);
  const mode = checkResponseType(client, get('response_type'), get('response_mode'), redirectError);
  if (typeof mode !== 'string') return mode;
  if (!scopesValid(realm, client, scope))
    return redirectError(mode, 'invalid_scope', `Invalid scopes: ${scope ?? ''}`, 'invalid_request');

  const pkce = checkPkceRequest(
    get('code_challenge'),
    get('code_challenge_method'),
    client.attributes.get('pkce.code.challenge.method'),
  );
  if (!pkce.ok) return redirectError(mode, pkce.error, pkce.description, 'invalid_request');

  const level = requestedLevel(realm, client, get('claims'), get('acr_values'));
  if (!level.ok)
    return errorPage(400, MESSAGES.invalidParameter('claims'), 'invalid_request', clientId, level.reason);
  return acceptedRequest(client, get, { redirectUri, mode, pkceMethod: pkce.method, level });
}

/** The accepted request as the login session keeps it, with prompt and max_age for the login to act on. */
function acceptedRequest(
  client: ClientModel,
  get: (name: string) => string | undefined,
  checked: {
    redirectUri: string;
    mode: ResponseMode;
    pkceMethod: AuthorizationRequest['codeChallengeMethod'];
    level: { level: AuthorizationRequest['requestedLoa']; forced: AuthorizationRequest['forcedLoa'] };
  },
): AuthorizationCheck {
  const maxAgeParam = get('max_age');
  const maxAge = maxAgeParam !== undefined && /^\d+$/.test(maxAgeParam) ? Number(maxAgeParam) : undefined;
  const prompt = (get('prompt') ?? '').split(' ').filter((p) => p !== '');
  return {
    kind: 'accepted',
    client,
    prompt,
    maxAge,
    request: {
      clientUuid: client.id,
      redirectUriParam: get('redirect_uri'),
      redirectUri: checked.redirectUri,
      responseMode: checked.mode,
      state: get('state'),
      nonce: get('nonce'),
      scope: get('scope'),
      codeChallenge: checked.pkceMethod !== undefined ? get('code_challenge') : undefined,
      codeChallengeMethod: checked.pkceMethod,
      claims: get('claims'),
      acrValues: get('acr_values'),
      loginHint: get('login_hint'),
      requestedLoa: checked.level.level,
      forcedLoa: checked.level.forced,
      forceReauthentication: prompt.includes('login'),
    },
  };
}
