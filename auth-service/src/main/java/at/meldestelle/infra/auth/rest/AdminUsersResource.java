package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.admin.AdminAuthorization;
import at.meldestelle.infra.auth.admin.UserAdmin;
import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;

import java.net.URI;
import java.util.List;

/** Users, their roles and sessions (role ADMIN). */
@Path("/admin/users")
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {

    private final AdminAuthorization admins;
    private final UserAdmin users;

    public AdminUsersResource(AdminAuthorization admins, UserAdmin users) {
        this.admins = admins;
        this.users = users;
    }

    public record PasswordChange(String password) {
    }

    public record RolesChange(List<String> roles) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(UserAdmin.NewUser user, @RestHeader("Authorization") String authorization,
                                @RestHeader(CorrelationId.HEADER) String correlationId) {
        return AdminCall.run(admins, authorization, actor -> users.create(actor, user, correlationId)
                .map(created -> Response.created(URI.create("/admin/users/" + created.id())).entity(created).build()));
    }

    /** Finds a user by name (compared as logins compare it): a list of none or one. */
    @GET
    public Uni<Response> find(@QueryParam("username") String username, @RestHeader("Authorization") String authorization) {
        return AdminCall.run(admins, authorization, actor -> users.findByName(username).map(AdminCall::ok));
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id, @RestHeader("Authorization") String authorization) {
        return AdminCall.run(admins, authorization, actor -> users.get(id).map(AdminCall::ok));
    }

    @POST
    @Path("/{id}/disable")
    public Uni<Response> disable(@PathParam("id") String id, @RestHeader("Authorization") String authorization,
                                 @RestHeader(CorrelationId.HEADER) String correlationId) {
        return AdminCall.run(admins, authorization, actor -> users.disable(actor, id, correlationId).map(AdminCall::ok));
    }

    @POST
    @Path("/{id}/enable")
    public Uni<Response> enable(@PathParam("id") String id, @RestHeader("Authorization") String authorization,
                                @RestHeader(CorrelationId.HEADER) String correlationId) {
        return AdminCall.run(admins, authorization, actor -> users.enable(actor, id, correlationId).map(AdminCall::ok));
    }

    @PUT
    @Path("/{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> resetPassword(@PathParam("id") String id, PasswordChange change,
                                       @RestHeader("Authorization") String authorization,
                                       @RestHeader(CorrelationId.HEADER) String correlationId) {
        return AdminCall.run(admins, authorization, actor -> users.resetPassword(actor, id,
                        change == null ? null : change.password(), correlationId)
                .replaceWith(Response.noContent().build()));
    }

    @PUT
    @Path("/{id}/roles")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> assignRoles(@PathParam("id") String id, RolesChange change,
                                     @RestHeader("Authorization") String authorization,
                                     @RestHeader(CorrelationId.HEADER) String correlationId) {
        return AdminCall.run(admins, authorization, actor -> users.assignRoles(actor, id,
                change == null ? null : change.roles(), correlationId).map(AdminCall::ok));
    }

    @GET
    @Path("/{id}/sessions")
    public Uni<Response> sessions(@PathParam("id") String id, @RestHeader("Authorization") String authorization) {
        return AdminCall.run(admins, authorization, actor -> users.sessions(id).map(AdminCall::ok));
    }

    @DELETE
    @Path("/{id}/sessions")
    public Uni<Response> endAllSessions(@PathParam("id") String id, @RestHeader("Authorization") String authorization,
                                        @RestHeader(CorrelationId.HEADER) String correlationId) {
        return AdminCall.run(admins, authorization, actor -> users.endAllSessions(actor, id, correlationId)
                .replaceWith(Response.noContent().build()));
    }

    @DELETE
    @Path("/{id}/sessions/{sid}")
    public Uni<Response> endSession(@PathParam("id") String id, @PathParam("sid") String sessionId,
                                    @RestHeader("Authorization") String authorization,
                                    @RestHeader(CorrelationId.HEADER) String correlationId) {
        return AdminCall.run(admins, authorization, actor -> users.endSession(actor, id, sessionId, correlationId)
                .replaceWith(Response.noContent().build()));
    }
}
