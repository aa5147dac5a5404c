package dev.credman.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The client attribute {@value #ATTRIBUTE}, written by credman's sidecar: digests of the application's ended
 * secrets, {@code {"v":1,"secrets":[{"id","salt","sha256","until"}]}}. Parsing never throws: an attribute that is
 * not this shape is treated as absent, an entry that is not this shape is skipped.
 */
final class RetiredSecrets {
    static final String ATTRIBUTE = "credman.retired";
    /** Bounds the hashing a failed request can cause; the sidecar keeps far fewer (one per ended secret, a year). */
    static final int MAX_ENTRIES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Entry(String id, byte[] salt, byte[] sha256, long until) {}

    private final List<Entry> entries;

    private RetiredSecrets(List<Entry> entries) {
        this.entries = entries;
    }

    List<Entry> entries() {
        return entries;
    }

    static RetiredSecrets parse(String attribute) {
        List<Entry> entries = new ArrayList<>();
        if (attribute == null || attribute.isEmpty()) return new RetiredSecrets(entries);
        JsonNode root;
        try {
            root = JSON.readTree(attribute);
        } catch (Exception e) {
            return new RetiredSecrets(entries);
        }
        if (root == null || !root.isObject() || !root.path("v").isInt() || root.path("v").intValue() != 1)
            return new RetiredSecrets(entries);
        JsonNode secrets = root.path("secrets");
        if (!secrets.isArray()) return new RetiredSecrets(entries);
        for (JsonNode node : secrets) {
            if (entries.size() == MAX_ENTRIES) break;
            entry(node).ifPresent(entries::add);
        }
        return new RetiredSecrets(entries);
    }

    private static Optional<Entry> entry(JsonNode node) {
        if (!node.isObject()) return Optional.empty();
        JsonNode id = node.path("id");
        JsonNode until = node.path("until");
        if (!id.isTextual() || id.textValue().isEmpty() || !until.isIntegralNumber() || !until.canConvertToLong())
            return Optional.empty();
        byte[] salt = base64url(node.path("salt"), 16);
        byte[] sha256 = base64url(node.path("sha256"), 32);
        if (salt == null || sha256 == null) return Optional.empty();
        return Optional.of(new Entry(id.textValue(), salt, sha256, until.longValue()));
    }

    private static byte[] base64url(JsonNode node, int length) {
        if (!node.isTextual()) return null;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(node.textValue());
            return bytes.length == length ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The id of the entry still within its {@code until} whose digest matches the presented value. Every live entry
     * is hashed and compared, so the time taken does not depend on which one (if any) matched.
     */
    Optional<String> match(String presented, long nowEpochSeconds) {
        String matched = null;
        for (Entry entry : entries) {
            if (nowEpochSeconds > entry.until()) continue;
            if (SecretDigest.matches(entry.sha256(), entry.salt(), presented) && matched == null) matched = entry.id();
        }
        return Optional.ofNullable(matched);
    }
}
