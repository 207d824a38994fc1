package at.meldestelle.infra.shared.security;

import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.runtime.problem.ProblemResponses;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 401 and 403 of an endpoint's permission check as problem+json, with the RFC 6750 challenge. */
public class SecurityExceptionMappers {

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(HttpServerRequest request) {
        boolean tokenSent = request.getHeader("Authorization") != null;
        return Response.fromResponse(ProblemResponses.of(AuthenticationFailures.problem(tokenSent)))
                .header("WWW-Authenticate", AuthenticationFailures.challenge(tokenSent))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ProblemResponses.of(Problem.ofStatus(403, "The token does not grant this operation."));
    }
}
