package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.client.ClientRepository;
import at.meldestelle.infra.auth.client.OAuthClient;
import at.meldestelle.infra.auth.client.SecretHasher;
import at.meldestelle.infra.auth.token.AccessTokenIssuer;
import at.meldestelle.infra.auth.token.ClientCredentials;
import at.meldestelle.infra.auth.token.OAuthError;
import at.meldestelle.infra.auth.token.TokenRequestForm;
import at.meldestelle.infra.auth.token.TokenResponse;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;

/** The token endpoint (RFC 6749 section 3.2). */
@Path("/oauth2/token")
public class TokenResource {

    private final ClientRepository clients;
    private final SecretHasher hasher;
    private final AccessTokenIssuer issuer;

    public TokenResource(ClientRepository clients, SecretHasher hasher, AccessTokenIssuer issuer) {
        this.clients = clients;
        this.hasher = hasher;
        this.issuer = issuer;
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
                    if (!"client_credentials".equals(grantType)) {
                        throw OAuthError.unsupportedGrantType(grantType);
                    }
                    return ClientCredentials.from(authorization, form.get("client_id"), form.get("client_secret"));
                })
                .flatMap(this::authenticate)
                .flatMap(issuer::forClient)
                .map(TokenResource::noStore)
                .onFailure(ProblemException.class).recoverWithItem(e -> oauthError((ProblemException) e, authorization));
    }

    private Uni<OAuthClient> authenticate(ClientCredentials credentials) {
        return clients.find(credentials.clientId()).flatMap(client -> hasher
                .matches(credentials.secret(), client == null || !client.enabled() ? null : client.secretHash())
                .map(ok -> {
                    if (!ok) {
                        throw OAuthError.invalidClient();
                    }
                    return client;
                }));
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
