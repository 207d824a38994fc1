package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.net.ClientAddress;
import at.meldestelle.infra.auth.revocation.TokenRevocation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;

/** Token revocation (RFC 7009): 200 with no body, also for a token that is invalid already. */
@Path("/oauth2/revoke")
public class RevocationResource {

    private final TokenRevocation revocation;
    private final ClientAddress address;

    public RevocationResource(TokenRevocation revocation, ClientAddress address) {
        this.address = address;
        this.revocation = revocation;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> revoke(byte[] body, @Context HttpServerRequest http) {
        return OAuthEndpoint.handle(body, http, address, revocation::revoke);
    }
}
