package at.meldestelle.infra.gateway.proxy;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;

import java.util.HashSet;
import java.util.Set;

/**
 * One client request on its way to an upstream, over one or more attempts: the request as the
 * upstream gets it, whether it may be sent again, and which instance the last attempt went to.
 */
public final class Forwarding {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    private final ProxyRequest request;
    private final GatewayConfig.Route route;
    private final Body clientBody;
    private final boolean replayable;
    private final long maxBodyBytes;
    private boolean bodyTooLarge;
    private String upstreamAuthority;
    private final Set<String> tried = new HashSet<>();

    Forwarding(ProxyRequest request, GatewayConfig.Route route, long maxBodyBytes) {
        this.request = request;
        this.route = route;
        this.maxBodyBytes = maxBodyBytes;
        HttpServerRequest client = request.proxiedRequest();
        boolean bodiless = request.getBody().length() == 0
                || (request.getBody().length() < 0 && client.getHeader("Transfer-Encoding") == null);
        // Only a request without a body can be sent again: a streamed body is gone once sent.
        this.replayable = bodiless && IDEMPOTENT.contains(client.method());
        this.clientBody = bodiless ? null : request.getBody();
    }

    public ProxyRequest request() {
        return request;
    }

    public GatewayConfig.Route route() {
        return route;
    }

    /** Idempotent and without a body: another attempt cannot do harm. */
    public boolean replayable() {
        return replayable;
    }

    /** True once the client sent more than the body limit; the answer is then 413, whatever the upstream did. */
    public boolean bodyTooLarge() {
        return bodyTooLarge;
    }

    boolean tried(String authority) {
        return tried.contains(authority);
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    String upstreamAuthority() {
        return upstreamAuthority;
    }

    /** Sets the body for the next attempt; {@code onSent} runs once it has been handed over whole. */
    void prepareAttempt(String authority, Runnable onSent) {
        this.upstreamAuthority = authority;
        tried.add(authority);
        if (clientBody == null) {
            request.setBody(Body.body(new LimitedBodyStream(Body.body(Buffer.buffer()).stream(), maxBodyBytes, onSent, () -> {
            }), 0));
        } else {
            request.setBody(Body.body(new LimitedBodyStream(clientBody.stream(), maxBodyBytes, onSent,
                    () -> bodyTooLarge = true), clientBody.length()));
        }
    }
}
