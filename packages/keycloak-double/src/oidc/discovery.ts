// GET /realms/{realm}/.well-known/openid-configuration — the subset of Keycloak's metadata clients read.
import type { KeycloakDouble } from '../double.ts';

export function discoveryDocument(double: KeycloakDouble, issuer: string): Record<string, unknown> {
  const oidc = `${issuer}/protocol/openid-connect`;
  const acrNames = Object.keys(parseAcrLoaMap(double.realm.attributes.get('acr.loa.map')));
  return {
    issuer,
    authorization_endpoint: `${oidc}/auth`,
    token_endpoint: `${oidc}/token`,
    introspection_endpoint: `${oidc}/token/introspect`,
    userinfo_endpoint: `${oidc}/userinfo`,
    end_session_endpoint: `${oidc}/logout`,
    jwks_uri: `${oidc}/certs`,
    check_session_iframe: `${oidc}/login-status-iframe.html`,
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    acr_values_supported: ['0', '1', ...acrNames],
    response_types_supported: ['code'],
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    userinfo_signing_alg_values_supported: ['RS256'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['plain', 'S256'],
    scopes_supported: ['openid', ...[...double.realm.clientScopes.values()].map((s) => s.name)],
    claims_parameter_supported: true,
    request_parameter_supported: true,
    frontchannel_logout_supported: true,
    frontchannel_logout_session_supported: true,
  };
}

/** The realm's `acr.loa.map` attribute: a JSON object of acr name → level (read by AcrUtils). */
export function parseAcrLoaMap(raw: string | undefined): Record<string, number> {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
    );
  } catch {
    return {};
  }
}
