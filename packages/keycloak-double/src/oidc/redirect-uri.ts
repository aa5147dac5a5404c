// Redirect URI validation (RedirectUtils.verifyRedirectUri): exact match, or a prefix match for a registered URI
// ending in `*`; relative registered URIs resolve against the client's rootUrl. An OIDC request (scope openid)
// must send redirect_uri; a plain OAuth2 request may omit it when the client has exactly one usable URI.
import type { ClientModel } from '../model/types.ts';

function resolve(client: ClientModel, registered: string): string {
  return registered.startsWith('/') && client.rootUrl
    ? `${client.rootUrl.replace(/\/$/, '')}${registered}`
    : registered;
}

function matchesAny(candidate: string, registered: string[]): boolean {
  return registered.some((uri) =>
    uri.endsWith('*') ? candidate.startsWith(uri.slice(0, -1)) : candidate === uri,
  );
}

/** The redirect URI to use, or undefined when the request's redirect_uri is not allowed. */
export function verifyRedirectUri(
  client: ClientModel,
  redirectUri: string | undefined,
  oidcRequest: boolean,
): string | undefined {
  const registered = client.redirectUris.map((uri) => resolve(client, uri));
  if (redirectUri === undefined) {
    if (oidcRequest) return undefined;
    const only = registered.length === 1 ? registered[0] : undefined;
    return only !== undefined && !only.includes('*') ? only : undefined;
  }
  return matchesAny(redirectUri, registered) ? redirectUri : undefined;
}

/** Whether a post_logout_redirect_uri is allowed by `post.logout.redirect.uris` (`+` = the redirect URIs). */
export function isValidPostLogoutRedirectUri(client: ClientModel, uri: string): boolean {
  const configured = (client.attributes.get('post.logout.redirect.uris') ?? '')
    .split('##')
    .filter((u) => u !== '');
  const registered = configured
    .flatMap((u) => (u === '+' ? client.redirectUris : [u]))
    .map((u) => resolve(client, u));
  return matchesAny(uri, registered);
}
