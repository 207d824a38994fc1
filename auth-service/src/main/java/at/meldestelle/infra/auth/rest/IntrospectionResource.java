package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.net.ClientAddress;
import at.meldestelle.infra.auth.introspection.TokenIntrospection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;

/** Token introspection (RFC 7662); the caller authenticates as a client. */
@Path("/oauth2/introspect")
public class IntrospectionResource {

    private final TokenIntrospection introspection;
    private final ClientAddress address;

    public IntrospectionResource(TokenIntrospection introspection, ClientAddress address) {
        this.address = address;
        this.introspection = introspection;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> introspect(byte[] body, @Context HttpServerRequest http) {
        return OAuthEndpoint.handle(body, http, address, introspection::introspect);
    }
}
