package at.meldestelle.infra.auth.admin;

import at.meldestelle.infra.auth.role.RolePermissions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Roles assigned to users and clients must exist in the role-to-permission mapping. */
@ApplicationScoped
public class KnownRoles {

    private final RolePermissions roles;

    public KnownRoles(RolePermissions roles) {
        this.roles = roles;
    }

    /** The roles, checked: 422 naming those that do not exist. */
    public Uni<List<String>> require(List<String> assigned) {
        return roles.unknown(assigned).map(unknown -> {
            if (!unknown.isEmpty()) {
                throw AdminProblems.invalid("The roles " + unknown + " do not exist; create them with PUT /admin/roles/{role}.");
            }
            return assigned;
        });
    }
}
