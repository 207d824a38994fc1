package at.meldestelle.infra.auth.admin;

import at.meldestelle.infra.auth.audit.AdminActor;
import at.meldestelle.infra.auth.audit.AuditLog;
import at.meldestelle.infra.auth.role.RolePermissions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * The role-to-permission mapping through the admin API. A change applies to tokens issued after it;
 * tokens issued before keep their permissions until they expire (minutes).
 */
@ApplicationScoped
public class RoleAdmin {

    private final RolePermissions roles;
    private final AuditLog audit;

    public RoleAdmin(RolePermissions roles, AuditLog audit) {
        this.roles = roles;
        this.audit = audit;
    }

    public Uni<Map<String, List<String>>> all() {
        return roles.all();
    }

    /** Creates the role or replaces its permissions. */
    public Uni<Map<String, List<String>>> put(AdminActor actor, String role, List<String> requested, String correlationId) {
        AdminInput.names(List.of(role), "role");
        List<String> permissions = AdminInput.names(requested, "permissions");
        return roles.put(role, permissions)
                .invoke(() -> audit.adminChanged(actor, "update", "roles/" + role, Map.of("permissions", permissions), correlationId))
                .replaceWith(Map.of(role, permissions.stream().sorted().toList()));
    }
}
