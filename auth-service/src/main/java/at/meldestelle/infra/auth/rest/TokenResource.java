package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.net.ClientAddress;
import at.meldestelle.infra.auth.grant.GrantHandler;
import at.meldestelle.infra.auth.token.OAuthError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The token endpoint (RFC 6749 section 3.2): dispatches on {@code grant_type} to the registered
 * {@link GrantHandler}s, counting the tokens each issues ({@code auth_tokens_issued_total{grant_type}},
 * every series there from the start).
 */
/* Made at start, not at the first request: its counters must be scraped as 0 before any token is issued. */
@Startup
@Path("/oauth2/token")
public class TokenResource {

    private final Map<String, GrantHandler> grants;
    private final Map<String, Counter> issued;
    private final ClientAddress address;

    public TokenResource(@All List<GrantHandler> grants, ClientAddress address, MeterRegistry meters) {
        this.address = address;
        this.grants = grants.stream().collect(Collectors.toUnmodifiableMap(GrantHandler::grantType, Function.identity()));
        this.issued = this.grants.keySet().stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                grantType -> Counter.builder("auth.tokens.issued").description("Access tokens issued, by grant type")
                        .tag("grant_type", grantType).register(meters)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> token(byte[] body, @Context HttpServerRequest http) {
        return OAuthEndpoint.handle(body, http, address, request -> {
            String grantType = request.required("grant_type");
            GrantHandler grant = grants.get(grantType);
            if (grant == null) {
                throw OAuthError.unsupportedGrantType(grantType, grants.keySet());
            }
            return grant.handle(request).invoke(ignored -> issued.get(grantType).increment());
        });
    }
}
