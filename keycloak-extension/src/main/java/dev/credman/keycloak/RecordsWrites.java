package dev.credman.keycloak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code PUT …/credman/records}: the conditional write the admin API cannot make (no ETag, no If-Match). Per
 * client, under its row lock and on what the database holds: the claim role of the write's revision must exist and
 * name the same writer, and the stored {@code credman.secrets} must be below that revision (a damaged one is never
 * overwritten: docs/architecture.md#damaged-metadata); else {@code not-claimed}. Then only credman's attributes
 * change and only lower {@code credman.revision.*} roles go, through the model, with an admin event as
 * ClientResource.update records one. A write whose claim was taken over is refused, however late it arrives.
 */
final class RecordsWrites {
    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    RecordsWrites(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    Map<String, Object> write(List<BatchRequest.Write> writes) {
        StoredRecords stored = StoredRecords.lockAndRead(session, realm, writes.stream().map(BatchRequest.Write::id).toList());
        List<Map<String, Object>> outcomes = new ArrayList<>();
        List<Runnable> changes = new ArrayList<>();
        for (BatchRequest.Write write : writes) {
            Map<String, Object> outcome = RecordsClaims.outcome(write.id());
            outcomes.add(outcome);
            ClientModel client = stored.exists(write.id()) ? session.clients().getClientById(realm, write.id()) : null;
            // ClientResource.update's requireConfigure; deleting a role needs the same (RolePermissions.canManage).
            if (client == null || !auth.clients().canConfigure(client) || !auth.roles().canManage(client)) {
                outcome.put("outcome", "gone");
                continue;
            }
            OptionalLong revision = BatchRequest.revisionOf(stored.attribute(client.getId(), BatchRequest.SECRETS_ATTRIBUTE));
            StoredRecords.Role claim = stored.claimRole(client.getId(), write.revision());
            Optional<String> writer = claim == null ? Optional.empty() : BatchRequest.writerOf(claim.description());
            if (revision.isEmpty() || revision.getAsLong() >= write.revision() || writer.isEmpty()
                    || !writer.get().equals(write.writer())) {
                outcome.put("outcome", "not-claimed");
                continue;
            }
            outcome.put("outcome", "written");
            List<String> obsolete = write.obsolete().stream()
                    .map(lower -> stored.claimRole(client.getId(), lower))
                    .filter(role -> role != null)
                    .map(StoredRecords.Role::id)
                    .toList();
            changes.add(() -> apply(client, write, obsolete));
        }
        changes.forEach(Runnable::run);
        return Map.of("outcomes", outcomes);
    }

    private void apply(ClientModel client, BatchRequest.Write write, List<String> obsoleteRoleIds) {
        write.attributes().forEach((name, value) -> {
            if (value.isEmpty()) client.removeAttribute(name);
            else client.setAttribute(name, value);
        });
        for (String id : obsoleteRoleIds) {
            RoleModel role = realm.getRoleById(id);
            // Only a credman.revision.* role of this very client (the ids came from that query).
            if (role != null && role.isClientRole() && client.getId().equals(role.getContainerId())
                    && role.getName().startsWith(BatchRequest.CLAIM_ROLE_PREFIX))
                client.removeRole(role);
        }
        adminEvent.resource(ResourceType.CLIENT).operation(OperationType.UPDATE).resourcePath("clients", client.getId()).success();
    }
}
