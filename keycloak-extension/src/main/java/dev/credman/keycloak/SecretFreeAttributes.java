package dev.credman.keycloak;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The attributes {@code credman/clients} shows of a client: credman's own ({@code credman.} prefix) and the secret
 * slots' times. Everything else stays out, above all {@code client.secret.rotated}, which holds a secret in clear
 * (docs/architecture.md#keycloak-facts): an allow-list, so an attribute Keycloak adds later is not shown either.
 */
final class SecretFreeAttributes {
    static final String PREFIX = "credman.";
    static final Set<String> SECRET_TIMES = Set.of(
            "client.secret.creation.time",
            "client.secret.expiration.time",
            "client.secret.rotated.creation.time",
            "client.secret.rotated.expiration.time");

    private SecretFreeAttributes() {}

    static boolean shown(String name) {
        return name != null && (name.startsWith(PREFIX) || SECRET_TIMES.contains(name));
    }

    /** The shown attributes, by name; null names or values are left out. */
    static Map<String, String> of(Map<String, String> attributes) {
        Map<String, String> shown = new TreeMap<>();
        if (attributes == null) return shown;
        attributes.forEach((name, value) -> {
            if (value != null && shown(name)) shown.put(name, value);
        });
        return shown;
    }
}
