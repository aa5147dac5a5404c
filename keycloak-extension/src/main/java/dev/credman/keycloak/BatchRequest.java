package dev.credman.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.keycloak.util.JsonSerialization;

/**
 * The bodies of {@code POST …/credman/claims} and {@code PUT …/credman/records} (feature {@code records-batch},
 * keycloak-extension/README.md), parsed and checked before anything is read or changed: a malformed body is one
 * {@link Invalid} (400) and the batch does nothing. Messages never repeat a value from the body (an attribute value
 * may hold anything). Also the two readings of stored values the endpoints decide on: {@code credman.secrets}'
 * revision and a claim role's writer (docs/architecture.md#revision-claim).
 */
final class BatchRequest {
    static final int MAX_ITEMS = 100;
    /** KEYCLOAK_ROLE.DESCRIPTION, NAME and CLIENT_ATTRIBUTES.NAME are VARCHAR(255). */
    static final int MAX_NAME = 255;
    /** JavaScript's largest exact integer: the sidecar's revisions are JS numbers. */
    static final long MAX_REVISION = 9_007_199_254_740_991L;
    static final String SECRETS_ATTRIBUTE = "credman.secrets";
    static final String CLAIM_ROLE_PREFIX = "credman.revision.";
    static final String ATTRIBUTE_PREFIX = "credman.";

    record Claim(String id, long readRevision, long revision, String description) {
        String roleName() {
            return claimRole(revision);
        }
    }

    record Claims(String managerRole, List<Claim> claims) {}

    /** {@code attributes}: "" removes one, as in Keycloak's PUT. */
    record Write(String id, long revision, String writer, Map<String, String> attributes, List<Long> obsolete) {}

    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private BatchRequest() {}

    static String claimRole(long revision) {
        return CLAIM_ROLE_PREFIX + revision;
    }

    static Claims claims(String body) {
        JsonNode root = object(body);
        String managerRole = text(root.get("managerRole"), "'managerRole'");
        List<Claim> claims = new ArrayList<>();
        for (JsonNode item : items(root, "claims")) {
            if (!item.isObject()) throw new Invalid("each claim is an object");
            String id = text(item.get("id"), "a claim's 'id'");
            long readRevision = revision(item.get("readRevision"), "a claim's 'readRevision'");
            long revision = revision(item.get("revision"), "a claim's 'revision'");
            if (revision <= readRevision) throw new Invalid("a claim's 'revision' must be above its 'readRevision'");
            String description = text(item.get("description"), "a claim's 'description'");
            claims.add(new Claim(id, readRevision, revision, description));
        }
        distinct(claims.stream().map(Claim::id).toList());
        return new Claims(managerRole, claims);
    }

    static List<Write> writes(String body) {
        JsonNode root = object(body);
        List<Write> writes = new ArrayList<>();
        for (JsonNode item : items(root, "writes")) {
            if (!item.isObject()) throw new Invalid("each write is an object");
            String id = text(item.get("id"), "a write's 'id'");
            long revision = revision(item.get("revision"), "a write's 'revision'");
            if (revision < 1) throw new Invalid("a write's 'revision' must be at least 1");
            String writer = text(item.get("writer"), "a write's 'writer'");
            Map<String, String> attributes = attributes(item.get("attributes"));
            OptionalLong carried = revisionOf(attributes.get(SECRETS_ATTRIBUTE));
            if (!attributes.containsKey(SECRETS_ATTRIBUTE) || carried.isEmpty() || carried.getAsLong() != revision)
                throw new Invalid("a write's 'credman.secrets' must carry its 'revision'");
            writes.add(new Write(id, revision, writer, attributes, obsolete(item.get("obsolete"), revision)));
        }
        distinct(writes.stream().map(Write::id).toList());
        return writes;
    }

    /**
     * The revision of a stored {@code credman.secrets}: 0 when absent (credman has not written yet), empty when it
     * is not JSON with a non-negative integer {@code revision} (damaged: never overwritten).
     */
    static OptionalLong revisionOf(String attribute) {
        if (attribute == null || attribute.isEmpty()) return OptionalLong.of(0);
        try {
            JsonNode root = JsonSerialization.mapper.readTree(attribute);
            if (root == null || !root.isObject()) return OptionalLong.empty();
            JsonNode revision = root.get("revision");
            if (revision == null || !revision.isIntegralNumber() || !revision.canConvertToLong()) return OptionalLong.empty();
            long value = revision.longValue();
            return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
        } catch (Exception e) {
            return OptionalLong.empty();
        }
    }

    /** The {@code writer} of a claim role's description {@code {"writer":…,"claimedAt":…}}; empty if not that. */
    static Optional<String> writerOf(String description) {
        if (description == null || description.isEmpty()) return Optional.empty();
        try {
            JsonNode writer = JsonSerialization.mapper.readTree(description).get("writer");
            return writer != null && writer.isTextual() ? Optional.of(writer.textValue()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static JsonNode object(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JsonSerialization.mapper.readTree(body);
        } catch (Exception e) {
            throw new Invalid("the body is not JSON");
        }
        if (root == null || !root.isObject()) throw new Invalid("the body is not a JSON object");
        return root;
    }

    private static JsonNode items(JsonNode root, String field) {
        JsonNode items = root.get(field);
        if (items == null || !items.isArray()) throw new Invalid("'" + field + "' must be a list");
        if (items.isEmpty()) throw new Invalid("'" + field + "' must not be empty");
        if (items.size() > MAX_ITEMS) throw new Invalid("at most " + MAX_ITEMS + " " + field + " per call");
        return items;
    }

    private static String text(JsonNode node, String what) {
        if (node == null || !node.isTextual() || node.textValue().isEmpty() || node.textValue().length() > MAX_NAME)
            throw new Invalid(what + " must be a string of 1 to " + MAX_NAME + " characters");
        return node.textValue();
    }

    private static long revision(JsonNode node, String what) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0
                || node.longValue() > MAX_REVISION)
            throw new Invalid(what + " must be a non-negative integer");
        return node.longValue();
    }

    private static Map<String, String> attributes(JsonNode node) {
        if (node == null || !node.isObject()) throw new Invalid("a write's 'attributes' must be an object");
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            // Only credman's own attributes: this endpoint can never touch a secret slot or anything else.
            if (!name.startsWith(ATTRIBUTE_PREFIX) || name.length() > MAX_NAME)
                throw new Invalid("a write's attribute names must start with 'credman.' (at most " + MAX_NAME + " characters)");
            if (!field.getValue().isTextual()) throw new Invalid("a write's attribute values must be strings");
            attributes.put(name, field.getValue().textValue());
        }
        return attributes;
    }

    private static List<Long> obsolete(JsonNode node, long revision) {
        if (node == null || !node.isArray()) throw new Invalid("a write's 'obsolete' must be a list");
        if (node.size() > MAX_ITEMS) throw new Invalid("a write's 'obsolete' holds at most " + MAX_ITEMS + " revisions");
        List<Long> obsolete = new ArrayList<>();
        for (JsonNode value : node) {
            long lower = revision(value, "an 'obsolete' revision");
            if (lower >= revision) throw new Invalid("an 'obsolete' revision must be below the write's 'revision'");
            if (!obsolete.contains(lower)) obsolete.add(lower);
        }
        return obsolete;
    }

    private static void distinct(List<String> ids) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) if (!seen.add(id)) throw new Invalid("an id appears twice");
    }
}
