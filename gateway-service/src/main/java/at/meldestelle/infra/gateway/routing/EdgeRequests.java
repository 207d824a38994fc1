package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.shared.api.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.util.Set;

/** Requests the edge refuses before looking at their path. */
final class EdgeRequests {

    private static final Set<HttpMethod> PROXIED = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

    private EdgeRequests() {
    }

    /** The problem to answer with, or null when the request may go on. */
    static Problem refusal(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_1_0) {
            // vertx-http-proxy buffers a streamed answer whole for an HTTP/1.0 client (no chunked encoding).
            return Problem.ofStatus(505, "HTTP/1.1 is required.");
        }
        HttpMethod method = request.method();
        if (method == HttpMethod.TRACE || method == HttpMethod.CONNECT) {
            return Problem.ofStatus(405, "Method " + method.name() + " is not allowed.");
        }
        if (!PROXIED.contains(method)) {
            // Any token is a method to Netty; unknown ones would also be new metric series each.
            return Problem.ofStatus(501, "Method not implemented.");
        }
        if (request.headers().getAll(HttpHeaders.AUTHORIZATION).size() > 1) {
            // quarkus-oidc read the first; an upstream may read another (RFC 9110 allows one Authorization field).
            return Problem.ofStatus(400, "A request carries at most one Authorization header.");
        }
        return null;
    }
}
