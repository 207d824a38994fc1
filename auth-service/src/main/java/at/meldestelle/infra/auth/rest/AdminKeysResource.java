package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.admin.AdminAuthorization;
import at.meldestelle.infra.auth.admin.KeyAdmin;
import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;

/** The signing keys and their rotation (role ADMIN). */
@Path("/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
public class AdminKeysResource {

    private final AdminAuthorization admins;
    private final KeyAdmin keys;

    public AdminKeysResource(AdminAuthorization admins, KeyAdmin keys) {
        this.admins = admins;
        this.keys = keys;
    }

    @GET
    public Uni<Response> all(@RestHeader("Authorization") String authorization) {
        return AdminCall.run(admins, authorization, actor -> keys.all().map(AdminCall::ok));
    }

    @POST
    @Path("/rotate")
    public Uni<Response> rotate(@RestHeader("Authorization") String authorization,
                                @RestHeader(CorrelationId.HEADER) String correlationId) {
        return AdminCall.run(admins, authorization, actor -> keys.rotate(actor, correlationId).map(AdminCall::ok));
    }
}
