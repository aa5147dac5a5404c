// Event detail keys/values the double writes. Where Keycloak's exact strings matter to credman they are cited
// in the package README's fact table.

/** Details.CLIENT_AUTH_METHOD; value = the authenticator's provider id. */
export const CLIENT_AUTH_METHOD = 'client_auth_method';
/**
 * Detail added to a client-authentication event when the client used its ROTATED secret (PR #51545, 26.8.0).
 * Key and value: see README fact table (Details.CLIENT_AUTH_DETAIL / ClientSecretConstants.CLIENT_ROTATED_EVENT_DETAIL).
 */
export const CLIENT_AUTH_DETAIL = 'client_auth_detail';
export const CLIENT_ROTATED_SECRET_DETAIL = 'rotated_secret';
