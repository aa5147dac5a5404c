package dev.credman.keycloak;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Optional;
import org.keycloak.OAuth2Constants;
import org.keycloak.util.BasicAuthHelper;

/**
 * The secret a token request presented, read from the same places as Keycloak's client-secret authenticator: the
 * Basic header, overridden by a {@code client_secret} form field.
 */
final class PresentedSecret {
    private PresentedSecret() {}

    static Optional<String> of(String authorizationHeader, MultivaluedMap<String, String> formData) {
        String secret = null;
        if (authorizationHeader != null) {
            String[] idAndSecret = BasicAuthHelper.RFC6749.parseHeader(authorizationHeader);
            if (idAndSecret != null) secret = idAndSecret[1];
        }
        if (formData != null && formData.containsKey(OAuth2Constants.CLIENT_SECRET))
            secret = formData.getFirst(OAuth2Constants.CLIENT_SECRET);
        return Optional.ofNullable(secret);
    }
}
