package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.admin.AdminAuthorization;
import at.meldestelle.infra.auth.admin.RoleAdmin;
import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;

import java.util.List;

/** The role-to-permission mapping (role ADMIN). */
@Path("/admin/roles")
@Produces(MediaType.APPLICATION_JSON)
public class AdminRolesResource {

    private final AdminAuthorization admins;
    private final RoleAdmin roles;

    public AdminRolesResource(AdminAuthorization admins, RoleAdmin roles) {
        this.admins = admins;
        this.roles = roles;
    }

    public record PermissionsChange(List<String> permissions) {
    }

    @GET
    public Uni<Response> all(@RestHeader("Authorization") String authorization) {
        return AdminCall.run(admins, authorization, actor -> roles.all().map(AdminCall::ok));
    }

    @PUT
    @Path("/{role}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("role") String role, PermissionsChange change,
                             @RestHeader("Authorization") String authorization,
                             @RestHeader(CorrelationId.HEADER) String correlationId) {
        return AdminCall.run(admins, authorization, actor -> roles.put(actor, role, change == null ? null : change.permissions(),
                correlationId).map(AdminCall::ok));
    }
}
