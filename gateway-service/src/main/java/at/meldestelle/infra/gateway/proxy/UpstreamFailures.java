package at.meldestelle.infra.gateway.proxy;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.gateway.problem.GatewayProblems;
import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import at.meldestelle.infra.shared.runtime.problem.ProblemWriter;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeoutException;

/**
 * Answers a request whose upstream call failed, as problem+json with the route's id: 413 when the
 * client's body outgrew the limit, 408 when it stopped arriving, 503 when no instance is available, 504 on timeout, 502
 * otherwise; a decorator may fail with its own problem (a {@link ProblemException}). The details
 * name the upstream service, never an instance's address: that goes to the log only.
 */
final class UpstreamFailures {

    private static final Logger LOG = Logger.getLogger(UpstreamFailures.class);

    private final ProblemWriter problems;

    UpstreamFailures(ProblemWriter problems) {
        this.problems = problems;
    }

    void answer(RoutingContext ctx, Forwarding forwarding, Throwable failure) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            // The answer had begun; all that is left is to cut it off.
            ctx.request().connection().close();
            return;
        }
        if (forwarding.clientFault() == Forwarding.ClientFault.GONE) {
            ctx.request().connection().close();
            return;
        }
        GatewayConfig.Route route = forwarding.route();
        Problem problem = problem(route, forwarding, failure);
        if (problem.getStatus() >= 500) {
            LOG.warnf("Route %s: %s (instance %s: %s)", route.id(), problem.getDetail(), forwarding.upstreamAuthority(),
                    failure.toString());
        }
        if (!forwarding.replayable()) {
            // The client's body may still be arriving: it is not read any further, the connection ends with the answer.
            response.putHeader("Connection", "close");
            ctx.addEndHandler(done -> ctx.request().connection().close());
        } else {
            ctx.request().resume(); // paused for the proxy; bodiless, so the connection can serve the next request
        }
        problems.send(response, problem.with("route", route.id()));
    }

    private static Problem problem(GatewayConfig.Route route, Forwarding forwarding, Throwable failure) {
        if (forwarding.clientFault() == Forwarding.ClientFault.BODY_TOO_LARGE) {
            return Problem.ofStatus(413, BodyTooLargeException.message(forwarding.maxBodyBytes()));
        }
        if (forwarding.clientFault() == Forwarding.ClientFault.BODY_STALLED) {
            return Problem.ofStatus(408, "The request body stopped arriving for " + route.idleTimeout() + ".");
        }
        if (failure instanceof ProblemException problem) {
            return problem.problem();
        }
        if (failure instanceof UpstreamUnavailableException) {
            return GatewayProblems.UPSTREAM_UNAVAILABLE.problem("No instance of " + route.upstream() + " is available.");
        }
        if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
                || failure instanceof ConnectTimeoutException) {
            return GatewayProblems.UPSTREAM_TIMEOUT.problem(route.upstream() + " did not answer within " + route.timeout() + ".");
        }
        return GatewayProblems.UPSTREAM_FAILED.problem(route.upstream() + (failure instanceof HttpClosedException
                ? " closed the connection before it answered." : " could not be reached."));
    }
}
