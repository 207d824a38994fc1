package at.meldestelle.infra.shared.problem;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Problem+json for what fails outside REST endpoints: authentication and authorization on the HTTP
 * layer, raw Vert.x routes (the gateway), and paths that no route serves.
 */
@ApplicationScoped
public class RouterProblemHandlers {

    private static final Logger LOG = Logger.getLogger(RouterProblemHandlers.class);

    void register(@Observes Router router) {
        router.route().failureHandler(this::onFailure);
        router.route().last().handler(ctx -> ProblemResponses.send(ctx.response(),
                Problem.ofStatus(404, "No resource at " + ctx.request().path())));
    }

    private void onFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof AuthenticationFailedException
                || failure instanceof AuthenticationCompletionException
                || failure instanceof UnauthorizedException) {
            sendUnauthorized(ctx);
        } else if (failure instanceof ForbiddenException) {
            ProblemResponses.send(ctx.response(), Problem.ofStatus(403, "The token does not grant access to this resource."));
        } else if (failure instanceof ProblemException pe) {
            ProblemResponses.send(ctx.response(), pe.problem());
        } else if (status(ctx) != 500) {
            ProblemResponses.send(ctx.response(), Problem.ofStatus(status(ctx), null));
        } else {
            LOG.error("Request failed: " + ctx.request().method() + " " + ctx.request().path(), failure);
            ProblemResponses.send(ctx.response(), Problem.ofStatus(500, "An unexpected error occurred; it has been logged."));
        }
    }

    /** The status a handler failed with ({@code ctx.fail(413)}, an HttpException), 500 when none was given. */
    private static int status(RoutingContext ctx) {
        if (ctx.failure() instanceof HttpException http) {
            return http.getStatusCode();
        }
        return ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
    }

    /** RFC 6750: a missing token gets a bare challenge, a bad one says invalid_token. */
    public static void sendUnauthorized(RoutingContext ctx) {
        boolean tokenSent = ctx.request().getHeader("Authorization") != null;
        ctx.response().putHeader("WWW-Authenticate", tokenSent ? "Bearer error=\"invalid_token\"" : "Bearer");
        ProblemResponses.send(ctx.response(), Problem.ofStatus(401, tokenSent
                ? "The bearer token is invalid, expired or revoked."
                : "A bearer token is required."));
    }
}
