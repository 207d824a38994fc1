package at.meldestelle.infra.shared.security;

import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.runtime.problem.RouterFailureMapper;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** 401 and 403 problems for what quarkus-oidc refuses before a route or endpoint runs, with the RFC 6750 challenge. */
@ApplicationScoped
public class AuthenticationFailures implements RouterFailureMapper {

    @Override
    public Problem toProblem(RoutingContext ctx, Throwable failure) {
        if (failure instanceof AuthenticationFailedException
                || failure instanceof AuthenticationCompletionException
                || failure instanceof UnauthorizedException) {
            return unauthorized(ctx);
        }
        if (failure instanceof ForbiddenException) {
            return Problem.ofStatus(403, "The token does not grant access to this resource.");
        }
        return null;
    }

    /** The 401 problem, with its challenge set on the response. */
    public static Problem unauthorized(RoutingContext ctx) {
        boolean tokenSent = ctx.request().getHeader("Authorization") != null;
        ctx.response().putHeader("WWW-Authenticate", challenge(tokenSent));
        return problem(tokenSent);
    }

    /** RFC 6750: a missing token gets a bare challenge, a bad one says invalid_token. */
    static String challenge(boolean tokenSent) {
        return tokenSent ? "Bearer error=\"invalid_token\"" : "Bearer";
    }

    static Problem problem(boolean tokenSent) {
        return Problem.ofStatus(401, tokenSent
                ? "The bearer token is invalid, expired or revoked."
                : "A bearer token is required.");
    }
}
