package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.grant.GrantHandler;
import at.meldestelle.infra.auth.grant.TokenRequest;
import at.meldestelle.infra.auth.token.OAuthError;
import at.meldestelle.infra.auth.token.TokenRequestForm;
import at.meldestelle.infra.auth.token.TokenResponse;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The token endpoint (RFC 6749 section 3.2). */
@Path("/oauth2/token")
public class TokenResource {

    private final Map<String, GrantHandler> grants;

    public TokenResource(@All List<GrantHandler> grants) {
        this.grants = grants.stream().collect(Collectors.toUnmodifiableMap(GrantHandler::grantType, Function.identity()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> token(byte[] body,
                               @RestHeader("Content-Type") String contentType,
                               @RestHeader("Authorization") String authorization) {
        return Uni.createFrom().item(() -> {
                    TokenRequestForm form = TokenRequestForm.parse(body, contentType);
                    String grantType = form.get("grant_type");
                    if (grantType == null || grantType.isBlank()) {
                        throw OAuthError.invalidRequest("The form field grant_type is missing.");
                    }
                    GrantHandler grant = grants.get(grantType);
                    if (grant == null) {
                        throw OAuthError.unsupportedGrantType(grantType, grants.keySet());
                    }
                    return grant.handle(new TokenRequest(form, authorization));
                })
                .flatMap(Function.identity())
                .map(TokenResource::noStore)
                .onFailure(ProblemException.class).recoverWithItem(e -> oauthError((ProblemException) e, authorization));
    }

    private static Response noStore(TokenResponse token) {
        return Response.ok(token).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }

    /**
     * RFC 6749 section 5.2 prescribes application/json for token errors, and OAuth client libraries
     * check it; the body is still the problem document, with {@code error} and {@code error_description}.
     */
    private static Response oauthError(ProblemException e, String authorization) {
        Response.ResponseBuilder response = Response.status(e.problem().getStatus())
                .type(MediaType.APPLICATION_JSON)
                .entity(e.problem())
                .header("Cache-Control", "no-store");
        if (e.problem().getStatus() == 401 && authorization != null) {
            response.header("WWW-Authenticate", "Basic realm=\"meldestelle\"");
        }
        return response.build();
    }
}
