package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.gateway.problem.GatewayProblems;
import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.runtime.problem.ProblemWriter;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeoutException;

/**
 * Rewrites the path for the upstream and a {@code Location} that points at the upstream back to the
 * gateway; turns a failed upstream into problem+json: 503 when no instance is available, 504 on
 * timeout, 502 otherwise. (The proxy alone answers an empty 502.)
 */
final class UpstreamInterceptor implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(UpstreamInterceptor.class);

    private final GatewayConfig.Route route;
    private final String strippedPrefix;
    private final ProblemWriter problems;

    UpstreamInterceptor(GatewayConfig.Route route, String strippedPrefix, ProblemWriter problems) {
        this.route = route;
        this.strippedPrefix = strippedPrefix;
        this.problems = problems;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        ProxyRequest request = context.request();
        request.setURI(RoutePath.strip(request.getURI(), route.stripPrefix()));
        return context.sendRequest().recover(failure -> Future.succeededFuture(problem(request, failure)));
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        ProxyResponse response = context.response();
        String location = response.headers().get("Location");
        if (location != null) {
            HttpServerRequest client = context.request().proxiedRequest();
            String gateway = client.authority() == null ? null : client.authority().toString();
            response.putHeader("Location", LocationHeader.toGateway(location, strippedPrefix, client.scheme(), gateway,
                    context.get(StorkOrigin.UPSTREAM_AUTHORITY, String.class)));
        }
        return context.sendResponse();
    }

    private ProxyResponse problem(ProxyRequest request, Throwable failure) {
        Problem problem;
        if (failure instanceof UpstreamUnavailableException) {
            problem = GatewayProblems.UPSTREAM_UNAVAILABLE.problem(failure.getMessage());
        } else if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
                || failure instanceof ConnectTimeoutException) {
            problem = GatewayProblems.UPSTREAM_TIMEOUT.problem(route.upstream() + " did not answer within " + route.timeout() + ".");
        } else {
            problem = GatewayProblems.UPSTREAM_FAILED.problem(route.upstream() + " could not be reached: " + describe(failure));
        }
        LOG.warnf("Route %s: %s", route.id(), problem.getDetail());
        problem.with("route", route.id());
        return request.release().response()
                .setStatusCode(problem.getStatus())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .setBody(Body.body(problems.toJson(problem)));
    }

    private static String describe(Throwable failure) {
        if (failure instanceof HttpClosedException) {
            return "the connection closed before a response.";
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
