package dev.credman.keycloak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code POST …/credman/claims}: the revision claim of docs/architecture.md#revision-claim for a page of clients in
 * one transaction. Per client, under its row lock and on what the database holds: {@code credman.secrets} must
 * still be at the revision the caller read (else {@code stale-read}), the role {@code credman.revision.<n>} must not
 * exist (else {@code taken}, with its description to judge the lease); then the role is created through the model
 * (caches invalidated cluster-wide), and the client (secret-free) and its manager holders are answered, which
 * replaces the stock protocol's re-read and the two holder reads. Every item is decided before anything changes,
 * so a refusal never throws; an exception rolls the whole batch back.
 */
final class RecordsClaims {
    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    RecordsClaims(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    Map<String, Object> claim(BatchRequest.Claims request) {
        List<BatchRequest.Claim> claims = request.claims();
        StoredRecords stored = StoredRecords.lockAndRead(session, realm, claims.stream().map(BatchRequest.Claim::id).toList());
        List<Map<String, Object>> outcomes = new ArrayList<>();
        List<Runnable> changes = new ArrayList<>();
        for (BatchRequest.Claim claim : claims) {
            Map<String, Object> outcome = outcome(claim.id());
            outcomes.add(outcome);
            ClientModel client = stored.exists(claim.id()) ? session.clients().getClientById(realm, claim.id()) : null;
            Optional<Map<String, Object>> managers = client == null ? Optional.empty() : managers(client, request.managerRole());
            // The role create needs what RoleContainerResource.createRole needs; the holders what their reads need.
            if (client == null || !auth.roles().canManage(client) || managers.isEmpty()) {
                outcome.put("outcome", "gone");
                continue;
            }
            OptionalLong revision = BatchRequest.revisionOf(stored.attribute(client.getId(), BatchRequest.SECRETS_ATTRIBUTE));
            if (revision.isEmpty() || revision.getAsLong() != claim.readRevision()) {
                outcome.put("outcome", "stale-read");
                continue;
            }
            StoredRecords.Role taken = stored.claimRole(client.getId(), claim.revision());
            if (taken != null) {
                outcome.put("outcome", "taken");
                if (taken.description() != null) outcome.put("description", taken.description());
                continue;
            }
            outcome.put("outcome", "claimed");
            outcome.put("client", CredmanAdminResource.secretFree(client, stored.attributes(client.getId())));
            outcome.put("managers", managers.get());
            changes.add(() -> {
                RoleModel role = client.addRole(claim.roleName());
                role.setDescription(claim.description());
            });
        }
        changes.forEach(Runnable::run);
        return Map.of("outcomes", outcomes);
    }

    static Map<String, Object> outcome(String id) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("id", id);
        return outcome;
    }

    /**
     * The manager role's direct holders and the groups mapped to it with their direct members, as the admin API
     * lists them to this caller (RoleContainerResource.getUsersInRole / getGroupsInRole, GroupResource.getMembers);
     * empty when the caller may not make one of those reads. Direct holders are filtered by {@code canView} (the
     * stock read does so unless fine-grained permissions v2 are on): never more than the admin API shows.
     */
    private Optional<Map<String, Object>> managers(ClientModel client, String managerRole) {
        if (!auth.roles().canView(client) || !auth.users().canQuery() || !auth.groups().canList()) return Optional.empty();
        Map<String, Object> managers = new LinkedHashMap<>();
        RoleModel role = client.getRole(managerRole);
        if (role == null) {
            managers.put("direct", List.of());
            managers.put("groups", List.of());
            return Optional.of(managers);
        }
        List<Map<String, Object>> direct = session.users().getRoleMembersStream(realm, role)
                .filter(auth.users()::canView)
                .map(RecordsClaims::user)
                .collect(Collectors.toList());
        List<GroupModel> groups = session.groups().getGroupsByRoleStream(realm, role, -1, -1)
                .sorted(Comparator.comparing(GroupModel::getName))
                .toList();
        List<Map<String, Object>> holders = new ArrayList<>();
        for (GroupModel group : groups) {
            if (!auth.groups().canViewMembers(group)) return Optional.empty();
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("id", group.getId());
            rep.put("path", KeycloakModelUtils.buildGroupPath(group));
            rep.put("members", session.users().getGroupMembersStream(realm, group).map(RecordsClaims::user).toList());
            holders.add(rep);
        }
        managers.put("direct", direct);
        managers.put("groups", holders);
        return Optional.of(managers);
    }

    /** A user as the brief UserRepresentation gives it, the fields credman reads; absent ones left out. */
    private static Map<String, Object> user(UserModel user) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", user.getId());
        rep.put("username", user.getUsername());
        if (user.getEmail() != null) rep.put("email", user.getEmail());
        rep.put("emailVerified", user.isEmailVerified());
        if (user.getFirstName() != null) rep.put("firstName", user.getFirstName());
        if (user.getLastName() != null) rep.put("lastName", user.getLastName());
        rep.put("enabled", user.isEnabled());
        return rep;
    }
}
