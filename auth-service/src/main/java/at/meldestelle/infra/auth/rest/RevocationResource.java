package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.revocation.TokenRevocation;
import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;

/** Token revocation (RFC 7009): 200 with no body, also for a token that is invalid already. */
@Path("/oauth2/revoke")
public class RevocationResource {

    private final TokenRevocation revocation;

    public RevocationResource(TokenRevocation revocation) {
        this.revocation = revocation;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> revoke(byte[] body,
                                @RestHeader("Content-Type") String contentType,
                                @RestHeader("Authorization") String authorization,
                                @RestHeader(CorrelationId.HEADER) String correlationId) {
        return OAuthEndpoint.handle(body, contentType, authorization, request -> revocation.revoke(request, correlationId));
    }
}
