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
      clientId?: string;
      reason?: string;
    }
  | {
      kind: 'redirect-error';
      redirectUri: string;
      mode: ResponseMode;
      params: Record<string, string>;
      eventError: string;
      client: ClientModel;
      reason?: string;
    }
  | {
      kind: 'accepted';
      client: ClientModel;
      request: AuthorizationRequest;
      prompt: string[];
      maxAge?: number;
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

export function checkAuthorizationRequest(
  realm: RealmState,
  params: URLSearchParams,
  issuer: string,
): AuthorizationCheck {
  const get = (name: string) => params.get(name) ?? undefined;
  const clientId = get('client_id');
  if (clientId === undefined)
    return {
      kind: 'error-page',
      status: 400,
      message: MESSAGES.missingParameter('client_id'),
      eventError: 'invalid_request',
    };
  const client = realm.clientByClientId(clientId);
  if (!client)
    return {
      kind: 'error-page',
      status: 400,
      message: MESSAGES.clientNotFound,
      eventError: 'client_not_found',
      clientId,
    };
  if (!client.enabled)
    return {
      kind: 'error-page',
      status: 400,
      message: MESSAGES.clientDisabled,
      eventError: 'client_disabled',
      clientId,
    };
  if (client.bearerOnly)
    return {
      kind: 'error-page',
      status: 403,
      message: MESSAGES.bearerOnly,
      eventError: 'not_allowed',
      clientId,
    };

  const scope = get('scope');
  const oidcRequest = (scope ?? '').split(' ').includes('openid');
  const redirectUri = verifyRedirectUri(client, get('redirect_uri'), oidcRequest);
  if (redirectUri === undefined)
    return {
      kind: 'error-page',
      status: 400,
      message: MESSAGES.invalidParameter('redirect_uri'),
      eventError: 'invalid_redirect_uri',
      clientId,
    };

  const state = get('state');
  const redirectError = (
    mode: ResponseMode,
    error: string,
    description: string | undefined,
    eventError: string,
  ): AuthorizationCheck => ({
    kind: 'redirect-error',
    redirectUri,
    mode,
    client,
    eventError,
    params: {
      error,
      ...(description !== undefined ? { error_description: description } : {}),
      ...(state !== undefined ? { state } : {}),
      iss: issuer,
    },
    ...(description !== undefined ? { reason: description } : {}),
  });

  const responseModeParam = get('response_mode');
  const fallbackMode: ResponseMode = responseModeParam === 'fragment' ? 'fragment' : 'query';
  const responseTypeParam = get('response_type');
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

  try {
    resolveClientScopes(realm, client, scope);
  } catch (error) {
    if (!(error instanceof InvalidScopeError)) throw error;
    return redirectError(mode, 'invalid_scope', `Invalid scopes: ${scope ?? ''}`, 'invalid_request');
  }

  const pkce = checkPkceRequest(
    get('code_challenge'),
    get('code_challenge_method'),
    client.attributes.get('pkce.code.challenge.method'),
  );
  if (!pkce.ok) return redirectError(mode, pkce.error, pkce.description, 'invalid_request');

  const claims = get('claims');
  const acrValues = get('acr_values');
  const level = requestedLevel(realm, client, claims, acrValues);
  if (!level.ok)
    return {
      kind: 'error-page',
      status: 400,
      message: MESSAGES.invalidParameter('claims'),
      eventError: 'invalid_request',
      clientId,
      reason: level.reason,
    };

  const maxAgeParam = get('max_age');
  const maxAge = maxAgeParam !== undefined && /^\d+$/.test(maxAgeParam) ? Number(maxAgeParam) : undefined;
  const prompt = (get('prompt') ?? '').split(' ').filter((p) => p !== '');
  return {
    kind: 'accepted',
    client,
    prompt,
    ...(maxAge !== undefined ? { maxAge } : {}),
    request: {
      clientUuid: client.id,
      redirectUriParam: get('redirect_uri'),
      redirectUri,
      responseMode: mode,
      state,
      nonce: get('nonce'),
      scope,
      codeChallenge: pkce.method !== undefined ? get('code_challenge') : undefined,
      codeChallengeMethod: pkce.method,
      claims,
      acrValues,
      loginHint: get('login_hint'),
      requestedLoa: level.level,
      forcedLoa: level.forced,
      forceReauthentication: prompt.includes('login'),
    },
  };
}
