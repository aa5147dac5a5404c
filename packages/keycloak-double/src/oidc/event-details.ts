// Event detail keys/values the double writes. Where Keycloak's exact strings matter to credman they are cited
// in the package README's fact table.

/**
 * Details.CLIENT_AUTH_METHOD; value = the client authenticator's provider id. Keycloak 26.7.3 writes the same
 * details for a login with the current and with the rotated secret: no detail tells the two apart.
 */
export const CLIENT_AUTH_METHOD = 'client_auth_method';

/** Details.CLIENT_ASSERTION_ID, _ISSUER, _SUB: a client-jwt login's assertion `jti`, `iss` and `sub`. */
export const CLIENT_ASSERTION_ID = 'client_assertion_id';
export const CLIENT_ASSERTION_ISSUER = 'client_assertion_issuer';
export const CLIENT_ASSERTION_SUB = 'client_assertion_sub';
/**
 * The key that verified a client-jwt assertion: its `kid` header, or without one the registered key's id,
 * base64url(SHA-256(SubjectPublicKeyInfo DER)), as Keycloak's KeyUtils.createKeyId derives it.
 */
export const CLIENT_JWT_KID = 'client_jwt_kid';
