package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.admin.AdminAuthorization;
import at.meldestelle.infra.auth.admin.ClientAdmin;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;

import java.net.URI;

/** Confidential clients (role ADMIN); a secret is shown once, when it is made. */
@Path("/admin/clients")
@Produces(MediaType.APPLICATION_JSON)
public class AdminClientsResource {

    private final AdminAuthorization admins;
    private final ClientAdmin clients;

    public AdminClientsResource(AdminAuthorization admins, ClientAdmin clients) {
        this.admins = admins;
        this.clients = clients;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(ClientAdmin.Settings client, @RestHeader("Authorization") String authorization,
                                @RestHeader(CorrelationId.HEADER) String correlationId) {
        return AdminCall.run(admins, authorization, actor -> clients.create(actor, client, correlationId)
                .map(created -> Response.created(URI.create("/admin/clients/" + created.clientId())).entity(created)
                        .header("Cache-Control", "no-store").build()));
    }

    @GET
    public Uni<Response> all(@RestHeader("Authorization") String authorization) {
        return AdminCall.run(admins, authorization, actor -> clients.all().map(AdminCall::ok));
    }

    @GET
    @Path("/{clientId}")
    public Uni<Response> get(@PathParam("clientId") String clientId, @RestHeader("Authorization") String authorization) {
        return AdminCall.run(admins, authorization, actor -> clients.get(clientId).map(AdminCall::ok));
    }

    @PUT
    @Path("/{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> update(@PathParam("clientId") String clientId, ClientAdmin.Settings settings,
                                @RestHeader("Authorization") String authorization,
                                @RestHeader(CorrelationId.HEADER) String correlationId) {
        return AdminCall.run(admins, authorization, actor -> clients.update(actor, clientId, settings, correlationId)
                .map(AdminCall::ok));
    }

    @POST
    @Path("/{clientId}/secret")
    public Uni<Response> newSecret(@PathParam("clientId") String clientId, @RestHeader("Authorization") String authorization,
                                   @RestHeader(CorrelationId.HEADER) String correlationId) {
        return AdminCall.run(admins, authorization, actor -> clients.newSecret(actor, clientId, correlationId).map(AdminCall::ok));
    }

    @DELETE
    @Path("/{clientId}")
    public Uni<Response> delete(@PathParam("clientId") String clientId, @RestHeader("Authorization") String authorization,
                                @RestHeader(CorrelationId.HEADER) String correlationId) {
        return AdminCall.run(admins, authorization, actor -> clients.delete(actor, clientId, correlationId)
                .replaceWith(Response.noContent().build()));
    }
}
