package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.net.ClientAddress;
import at.meldestelle.infra.auth.token.OAuthError;
import at.meldestelle.infra.auth.token.OAuthRequest;
import at.meldestelle.infra.auth.token.TokenRequestForm;
import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import at.meldestelle.infra.shared.runtime.problem.UnavailableDependency;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.function.Function;

/**
 * What the OAuth endpoints (token, introspection, revocation) share: the form parsed strictly before
 * anything else, answers never cached, errors as RFC 6749 section 5.2.
 */
final class OAuthEndpoint {

    private static final Logger LOG = Logger.getLogger(OAuthEndpoint.class);

    private OAuthEndpoint() {
    }

    /** Parses the request, runs {@code handler} on it and answers 200 with what it gives (no body for null). */
    static Uni<Response> handle(byte[] body, HttpServerRequest http, ClientAddress address, Function<OAuthRequest, Uni<?>> handler) {
        String authorization = http.getHeader(HttpHeaders.AUTHORIZATION);
        return Uni.createFrom().item(() -> new OAuthRequest(TokenRequestForm.parse(body, http.getHeader(HttpHeaders.CONTENT_TYPE)),
                        authorization, address.of(http), http.getHeader(CorrelationId.HEADER)))
                .flatMap(handler::apply)
                .map(entity -> Response.ok(entity).header("Cache-Control", "no-store").header("Pragma", "no-cache").build())
                .onFailure(ProblemException.class).recoverWithItem(e -> error((ProblemException) e, authorization))
                .onFailure(UnavailableDependency::isCauseOf).recoverWithItem(e -> {
                    LOG.warnf("A dependency is unavailable: %s", e.toString());
                    ProblemException unavailable = OAuthError.temporarilyUnavailable(UnavailableDependency.problem().getDetail());
                    unavailable.problem().with(OAuthError.RETRY_AFTER, UnavailableDependency.RETRY_AFTER_SECONDS);
                    return error(unavailable, authorization);
                });
    }

    /**
     * RFC 6749 section 5.2 prescribes application/json for these errors, and OAuth client libraries
     * check it; the body is still the problem document, with {@code error} and {@code error_description}.
     */
    private static Response error(ProblemException e, String authorization) {
        Response.ResponseBuilder response = Response.status(e.problem().getStatus())
                .type(MediaType.APPLICATION_JSON)
                .entity(e.problem())
                .header("Cache-Control", "no-store");
        if (e.problem().getStatus() == 401 && authorization != null) {
            response.header("WWW-Authenticate", "Basic realm=\"meldestelle\"");
        }
        Object retryAfter = e.problem().getExtensions().get(OAuthError.RETRY_AFTER);
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter);
        }
        return response.build();
    }
}
