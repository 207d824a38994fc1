package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.session.Logout;
import at.meldestelle.infra.auth.token.BearerToken;
import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;
import org.jose4j.jwt.JwtClaims;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The endpoints a bearer of an access token calls: userinfo (OIDC Core 5.3) and logout. */
@Path("/oauth2")
public class UserInfoResource {

    private static final List<String> USERINFO_CLAIMS = List.of("sub", TokenClaims.PREFERRED_USERNAME, TokenClaims.ROLES,
            TokenClaims.PERMISSIONS, TokenClaims.CLIENT_ID, TokenClaims.SESSION_ID);

    private final BearerToken bearer;
    private final Logout logout;

    public UserInfoResource(BearerToken bearer, Logout logout) {
        this.bearer = bearer;
        this.logout = logout;
    }

    @GET
    @Path("/userinfo")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> userinfo(@RestHeader("Authorization") String authorization) {
        return bearer.claims(authorization)
                .map(claims -> Response.ok(userinfo(claims)).header("Cache-Control", "no-store").build())
                .onFailure(ProblemException.class).recoverWithItem(e -> BearerErrors.response((ProblemException) e));
    }

    /** OIDC Core 5.3.1: userinfo answers POST as well as GET. */
    @POST
    @Path("/userinfo")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> userinfoByPost(@RestHeader("Authorization") String authorization) {
        return userinfo(authorization);
    }

    /** Ends the session of the bearer's token: 204, also when it had ended already. */
    @POST
    @Path("/logout")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> logout(@RestHeader("Authorization") String authorization,
                                @RestHeader(CorrelationId.HEADER) String correlationId) {
        return bearer.claimsEvenOfAnEndedSession(authorization)
                .flatMap(claims -> logout.logout(claims, correlationId))
                .map(ignored -> Response.noContent().build())
                .onFailure(ProblemException.class).recoverWithItem(e -> BearerErrors.response((ProblemException) e));
    }

    private static Map<String, Object> userinfo(JwtClaims claims) {
        Map<String, Object> info = new LinkedHashMap<>();
        USERINFO_CLAIMS.forEach(name -> {
            Object value = claims.getClaimValue(name);
            if (value != null) {
                info.put(name, value);
            }
        });
        return info;
    }
}
