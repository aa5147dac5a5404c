package dev.credman.keycloak;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/credman/…}: what credman's sidecar reads from the extension, and the batch claim and
 * conditional write of its own records ({@code records-batch}: RecordsClaims, RecordsWrites).
 */
public class CredmanAdminResource {
    static final List<String> FEATURES = List.of(
            "secret-slot-detail", "retired-secret-detail", "secret-free-clients", "due-index", "due-index-after", "records-batch");

    /**
     * The clients whose credman.due is at or before the bound, by clientId. On PostgreSQL Keycloak's
     * IDX_CLIENT_ATT_BY_NAME_VALUE is a btree on (NAME, substr(VALUE, 1, 255)) (docs/architecture.md#keycloak-facts):
     * the predicate repeats that expression, so the name equality and the value range are one index range scan.
     */
    private static final String DUE_QUERY = "SELECT c.ID FROM CLIENT_ATTRIBUTES a JOIN CLIENT c ON c.ID = a.CLIENT_ID"
            + " WHERE a.NAME = :name AND substr(a.VALUE, 1, 255) <= :bound AND c.REALM_ID = :realm";
    private static final String ORDER = " ORDER BY c.CLIENT_ID";
    /**
     * {@code after}: only the clients after the previous page's last one, in the same order, so a caller who may not
     * view every client (whose pages are counted among the viewable ones here) checks each due client once, not
     * again from the first for every page.
     */
    private static final String AFTER = " AND c.CLIENT_ID > :after";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    CredmanAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /**
     * Whether and which extension is installed. Needs the rights that already let an admin see the realm or its
     * clients, so it tells no one anything they could not learn from the admin API.
     */
    @GET
    @Path("info")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> info() {
        if (!auth.realm().canViewRealm()) auth.clients().requireList();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("extension", "credman");
        info.put("version", ExtensionVersion.VALUE);
        info.put("features", FEATURES);
        return info;
    }

    /**
     * Clients without secret values, as {@code GET /clients?search=true&clientId=} lists them to the same caller:
     * list rights required, then only the clients the caller may view; the database pages only when the caller may
     * view every client, otherwise the viewable ones are paged here (as ClientsResource.getClients does). With
     * {@code dueBy} only the clients whose credman.due is at or before it, and with {@code after} as well only those
     * whose clientId sorts after it.
     */
    @GET
    @Path("clients")
    @Produces(MediaType.APPLICATION_JSON)
    public Stream<Map<String, Object>> clients(
            @QueryParam("first") String firstParam,
            @QueryParam("max") String maxParam,
            @QueryParam("search") String search,
            @QueryParam("dueBy") String dueByParam,
            @QueryParam("after") String afterParam) {
        auth.clients().requireList();
        DueInstant.Parsed<OptionalInt> first = DueInstant.parseCount(firstParam);
        DueInstant.Parsed<OptionalInt> max = DueInstant.parseCount(maxParam);
        DueInstant.Parsed<OptionalLong> dueBy = DueInstant.parseDueBy(dueByParam);
        if (!first.valid()) throw invalid("'first' must be a non-negative integer below 2147483648");
        if (!max.valid()) throw invalid("'max' must be a non-negative integer below 2147483648");
        if (!dueBy.valid()) throw invalid("'dueBy' must be a non-negative integer below 10000000000000");
        boolean searching = search != null && !search.trim().isEmpty();
        if (searching && dueBy.value().isPresent()) throw invalid("'search' and 'dueBy' cannot be combined");
        DueInstant.Parsed<Optional<String>> after = DueInstant.parseAfter(afterParam, dueBy.value().isPresent());
        if (!after.valid()) throw invalid("'after' needs 'dueBy' and is a clientId of at most 255 characters");

        boolean viewAll = auth.clients().canView();
        Integer from = first.value().isPresent() ? first.value().getAsInt() : null;
        Integer limit = max.value().isPresent() ? max.value().getAsInt() : null;
        Stream<ClientModel> clients;
        if (dueBy.value().isPresent()) {
            long bound = dueBy.value().getAsLong();
            clients = dueClients(bound, after.value(), viewAll ? from : null, viewAll ? limit : null)
                    .filter(c -> DueInstant.isDue(c.getAttribute(DueInstant.ATTRIBUTE), bound));
        } else if (searching) {
            clients = viewAll
                    ? realm.searchClientByClientIdStream(search, from, limit)
                    : realm.searchClientByClientIdStream(search, -1, -1);
        } else {
            clients = viewAll ? realm.getClientsStream(from, limit) : realm.getClientsStream();
        }
        Stream<ClientModel> viewable = clients.filter(c -> viewAll || auth.clients().canView(c));
        if (!viewAll) {
            if (from != null) viewable = viewable.skip(from);
            if (limit != null) viewable = viewable.limit(limit);
        }
        return viewable.map(CredmanAdminResource::secretFree);
    }

    /**
     * Claims the next revision of up to 100 clients in one transaction (RecordsClaims): one outcome per item, in
     * order. List rights first (403), like the other endpoints; then a malformed body is 400 and changes nothing.
     */
    @POST
    @Path("claims")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> claims(String body) {
        auth.clients().requireList();
        BatchRequest.Claims request;
        try {
            request = BatchRequest.claims(body);
        } catch (BatchRequest.Invalid e) {
            throw invalid(e.getMessage());
        }
        return new RecordsClaims(session, realm, auth).claim(request);
    }

    /** Writes the claimed revisions of up to 100 clients in one transaction (RecordsWrites), as {@link #claims}. */
    @PUT
    @Path("records")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> records(String body) {
        auth.clients().requireList();
        List<BatchRequest.Write> writes;
        try {
            writes = BatchRequest.writes(body);
        } catch (BatchRequest.Invalid e) {
            throw invalid(e.getMessage());
        }
        return new RecordsWrites(session, realm, auth, adminEvent).write(writes);
    }

    private Stream<ClientModel> dueClients(long dueBy, Optional<String> after, Integer first, Integer max) {
        EntityManager em = KeycloakEntityManager.of(session);
        var query = em.createNativeQuery(DUE_QUERY + (after.isPresent() ? AFTER : "") + ORDER, String.class)
                .setParameter("name", DueInstant.ATTRIBUTE)
                .setParameter("bound", DueInstant.pad(dueBy))
                .setParameter("realm", realm.getId());
        after.ifPresent(clientId -> query.setParameter("after", clientId));
        if (first != null) query.setFirstResult(first);
        if (max != null) query.setMaxResults(max);
        @SuppressWarnings("unchecked")
        List<String> ids = query.getResultList();
        return ids.stream().map(id -> session.clients().getClientById(realm, id)).filter(Objects::nonNull);
    }

    /** A client without its secret values: the fields credman lists and the allowed attributes only. */
    static Map<String, Object> secretFree(ClientModel client) {
        return secretFree(client, SecretFreeAttributes.of(client.getAttributes()));
    }

    /** The same with the allowed attributes as given (a batch reads them from the database, not the cache). */
    static Map<String, Object> secretFree(ClientModel client, Map<String, String> attributes) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", client.getId());
        rep.put("clientId", client.getClientId());
        if (client.getName() != null) rep.put("name", client.getName());
        if (client.getDescription() != null) rep.put("description", client.getDescription());
        rep.put("enabled", client.isEnabled());
        rep.put("attributes", SecretFreeAttributes.of(attributes));
        rep.put("defaultClientScopes", List.copyOf(client.getClientScopes(true).keySet()));
        rep.put("optionalClientScopes", List.copyOf(client.getClientScopes(false).keySet()));
        return rep;
    }

    private static ErrorResponseException invalid(String message) {
        return new ErrorResponseException(Errors.INVALID_REQUEST, message, Response.Status.BAD_REQUEST);
    }
}
