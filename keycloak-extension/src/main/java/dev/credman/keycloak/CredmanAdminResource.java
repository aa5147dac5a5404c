package dev.credman.keycloak;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code /admin/realms/{realm}/credman/…}: what credman's sidecar reads from the extension. */
public class CredmanAdminResource {
    static final List<String> FEATURES = List.of("secret-slot-detail", "retired-secret-detail");

    private final AdminPermissionEvaluator auth;

    CredmanAdminResource(AdminPermissionEvaluator auth) {
        this.auth = auth;
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
}
