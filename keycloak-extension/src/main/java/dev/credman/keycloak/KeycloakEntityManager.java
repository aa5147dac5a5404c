package dev.credman.keycloak;

import jakarta.persistence.EntityManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/**
 * Keycloak's own EntityManager (the JPA connection provider's), for the due query. keycloak-model-jpa, which holds
 * that provider's interface, cannot be resolved from Maven Central here (its parent POM is not published; see
 * keycloak-extension/README.md), so the interface is looked up by name at run time. Without it the request fails
 * (500): nothing is answered from anywhere else.
 */
final class KeycloakEntityManager {
    private static final String PROVIDER = "org.keycloak.connections.jpa.JpaConnectionProvider";

    private KeycloakEntityManager() {}

    static EntityManager of(KeycloakSession session) {
        try {
            Class<? extends Provider> type =
                    Class.forName(PROVIDER, true, KeycloakSession.class.getClassLoader()).asSubclass(Provider.class);
            Provider provider = session.getProvider(type);
            if (provider == null) throw new IllegalStateException("no JPA connection provider");
            return (EntityManager) type.getMethod("getEntityManager").invoke(provider);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("Keycloak's JPA connection provider is not available", e);
        }
    }
}
