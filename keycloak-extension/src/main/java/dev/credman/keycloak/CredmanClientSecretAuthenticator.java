package dev.credman.keycloak;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.FlowStatus;
import org.keycloak.authentication.authenticators.client.ClientIdAndSecretAuthenticator;
import org.keycloak.common.util.Time;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCClientSecretConfigWrapper;

/**
 * Keycloak's {@code client-secret} authenticator, unchanged in what it decides, plus two event details: which
 * stored secret matched a successful authentication, and which retired secret (by credman's digests) a failed one
 * presented. Same provider id with a higher {@link #order()}, so Keycloak uses this factory for every client
 * without any realm change. The details are added after the parent has decided and before Keycloak sends the
 * CLIENT_LOGIN / CLIENT_LOGIN_ERROR event; nothing is written to Keycloak's storage.
 */
public class CredmanClientSecretAuthenticator extends ClientIdAndSecretAuthenticator {
    static final String RETIRED_DETAIL = "credman_retired_secret";

    @Override
    public int order() {
        return 10;
    }

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        super.authenticateClient(context);
        // The parent's outcome is final: credman's additions may fail, but only ever by leaving an event detail out.
        try {
            addDetails(context);
        } catch (RuntimeException | LinkageError e) {
            // Class name only: a message could carry request data.
            logger.warnf("credman: event detail left out after %s", e.getClass().getName());
        }
    }

    private void addDetails(ClientAuthenticationFlowContext context) {
        ClientModel client = context.getClient();
        if (client == null || client.isPublicClient() || !decidesFor(client)) return;
        FlowStatus status = context.getStatus();
        boolean succeeded = status == FlowStatus.SUCCESS;
        boolean refused = status == FlowStatus.FAILED && context.getError() == AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS;
        if (!succeeded && !refused) return;
        Optional<String> presented = presentedSecret(context.getHttpRequest());
        if (presented.isEmpty()) return;
        if (succeeded) {
            OIDCClientSecretConfigWrapper wrapper = OIDCClientSecretConfigWrapper.fromClientModel(client);
            boolean current = wrapper.validateSecret(context.getSession(), presented.get());
            boolean rotated = !current && wrapper.validateRotatedSecret(context.getSession(), presented.get());
            SecretSlot.decide(current, rotated)
                    .ifPresent(slot -> context.getEvent().detail(SecretSlot.DETAIL, slot.detailValue()));
        } else {
            RetiredSecrets.parse(client.getAttribute(RetiredSecrets.ATTRIBUTE))
                    .match(presented.get(), Time.currentTimeSeconds())
                    .ifPresent(id -> context.getEvent().detail(RETIRED_DETAIL, id));
        }
    }

    /**
     * Keycloak's client flow runs every client authenticator but takes the result of the client's own type only
     * (unset means the default, client-secret): a detail from an ignored result would describe nothing.
     */
    private boolean decidesFor(ClientModel client) {
        String type = client.getClientAuthenticatorType();
        return getId().equals(type != null ? type : KeycloakModelUtils.getDefaultClientAuthenticatorType());
    }

    private static Optional<String> presentedSecret(HttpRequest request) {
        HttpHeaders headers = request.getHttpHeaders();
        MediaType mediaType = headers.getMediaType();
        boolean form = mediaType != null && mediaType.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
        MultivaluedMap<String, String> formData = form ? request.getDecodedFormParameters() : null;
        return PresentedSecret.of(headers.getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION), formData);
    }
}
