/** An OAuth 2.0 error response as Keycloak writes it (OAuth2ErrorRepresentation, application/json). */
export function oauthError(
  status: number,
  error: string,
  description?: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(description === undefined ? { error } : { error, error_description: description }, {
    status,
    headers: { 'cache-control': 'no-store', pragma: 'no-cache', ...headers },
  });
}
