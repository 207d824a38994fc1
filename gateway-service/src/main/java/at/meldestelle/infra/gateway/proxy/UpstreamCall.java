package at.meldestelle.infra.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Sends a request to an upstream and answers with its (paused) response. The origin call is the
 * innermost; resilience wraps it (circuit breaker, retries), each wrapper one concern.
 */
@FunctionalInterface
public interface UpstreamCall {

    Future<ProxyResponse> send(Forwarding forwarding);
}
