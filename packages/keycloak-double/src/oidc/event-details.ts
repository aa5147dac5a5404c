// Event detail keys/values the double writes. Where Keycloak's exact strings matter to credman they are cited
// in the package README's fact table.

/**
 * Details.CLIENT_AUTH_METHOD; value = the client authenticator's provider id. Keycloak 26.7.3 writes the same
 * details for a login with the current and with the rotated secret: no detail tells the two apart.
 */
export const CLIENT_AUTH_METHOD = 'client_auth_method';
