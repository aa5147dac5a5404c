package dev.credman.keycloak;

import jakarta.persistence.EntityManager;
import java.io.Reader;
import java.sql.Clob;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What a batch decides on, read from the database inside the request's transaction, after the batch's client
 * rows are locked: Keycloak's cache on this node may not have been invalidated yet by another node's write, the
 * database has (docs/architecture.md#revision-claim). The lock is taken in one order (by id), so two batches on
 * any nodes wait for each other instead of deadlocking; it is held until the transaction ends.
 */
final class StoredRecords {
    private static final String LOCK = "SELECT ID FROM CLIENT WHERE ID IN (:ids) AND REALM_ID = :realm ORDER BY ID FOR UPDATE";
    private static final String ATTRIBUTES = "SELECT CLIENT_ID, NAME, VALUE FROM CLIENT_ATTRIBUTES WHERE CLIENT_ID IN (:ids)"
            + " AND (NAME LIKE 'credman.%' OR NAME IN (:times))";
    private static final String ROLES = "SELECT CLIENT, NAME, DESCRIPTION, ID FROM KEYCLOAK_ROLE"
            + " WHERE CLIENT IN (:ids) AND CLIENT_ROLE = :clientRole AND NAME LIKE 'credman.revision.%'";

    /** A claim role as stored: its id (to delete it through the model) and its description. */
    record Role(String id, String description) {}

    private final Set<String> locked;
    private final Map<String, Map<String, String>> attributes;
    private final Map<String, Map<String, Role>> roles;

    private StoredRecords(Set<String> locked, Map<String, Map<String, String>> attributes, Map<String, Map<String, Role>> roles) {
        this.locked = locked;
        this.attributes = attributes;
        this.roles = roles;
    }

    /** Locks the realm's clients among {@code ids} and reads their credman attributes, slot times and claim roles. */
    static StoredRecords lockAndRead(KeycloakSession session, RealmModel realm, Collection<String> ids) {
        EntityManager em = KeycloakEntityManager.of(session);
        List<String> sorted = new ArrayList<>(new TreeSet<>(ids));
        @SuppressWarnings("unchecked")
        List<Object> lockedRows = em.createNativeQuery(LOCK)
                .setParameter("ids", sorted)
                .setParameter("realm", realm.getId())
                .getResultList();
        Set<String> locked = new HashSet<>();
        for (Object row : lockedRows) locked.add(String.valueOf(row instanceof Object[] cells ? cells[0] : row));
        Map<String, Map<String, String>> attributes = new HashMap<>();
        Map<String, Map<String, Role>> roles = new HashMap<>();
        if (locked.isEmpty()) return new StoredRecords(locked, attributes, roles);
        List<String> mine = new ArrayList<>(new TreeSet<>(locked));

        @SuppressWarnings("unchecked")
        List<Object[]> attributeRows = em.createNativeQuery(ATTRIBUTES)
                .setParameter("ids", mine)
                .setParameter("times", List.copyOf(SecretFreeAttributes.SECRET_TIMES))
                .getResultList();
        for (Object[] row : attributeRows)
            attributes.computeIfAbsent((String) row[0], k -> new LinkedHashMap<>()).put((String) row[1], text(row[2]));

        @SuppressWarnings("unchecked")
        List<Object[]> roleRows = em.createNativeQuery(ROLES)
                .setParameter("ids", mine)
                .setParameter("clientRole", Boolean.TRUE)
                .getResultList();
        for (Object[] row : roleRows)
            roles.computeIfAbsent((String) row[0], k -> new HashMap<>())
                    .put((String) row[1], new Role(String.valueOf(row[3]), text(row[2])));
        return new StoredRecords(locked, attributes, roles);
    }

    /** Whether the client exists in this realm (and is now locked). */
    boolean exists(String id) {
        return locked.contains(id);
    }

    /** The stored credman.* attributes and slot times of a locked client (never a secret value). */
    Map<String, String> attributes(String id) {
        // The query already selects only these; the allow-list is checked again so nothing else can be shown.
        return SecretFreeAttributes.of(attributes.getOrDefault(id, Map.of()));
    }

    String attribute(String id, String name) {
        return attributes.getOrDefault(id, Map.of()).get(name);
    }

    /** The claim role {@code credman.revision.<revision>} of a locked client, or null. */
    Role claimRole(String id, long revision) {
        return roles.getOrDefault(id, Map.of()).get(BatchRequest.claimRole(revision));
    }

    /** A VARCHAR arrives as a String; a large text column may arrive as a Clob on some databases. */
    private static String text(Object value) {
        if (value == null) return null;
        if (value instanceof Clob clob) {
            try (Reader reader = clob.getCharacterStream()) {
                StringBuilder text = new StringBuilder();
                char[] buffer = new char[4096];
                for (int n; (n = reader.read(buffer)) > 0; ) text.append(buffer, 0, n);
                return text.toString();
            } catch (Exception e) {
                throw new IllegalStateException("a stored attribute could not be read", e);
            }
        }
        return value.toString();
    }
}
