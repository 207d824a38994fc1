package at.meldestelle.infra.gateway.proxy;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;

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
    private ClientFault clientFault;
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

    /** What the client did that failed the attempt, or null: then the upstream is to blame. */
    public enum ClientFault {
        /** More than the body limit: 413. */
        BODY_TOO_LARGE,
        /** No body bytes for the route's idle timeout: 408. */
        BODY_STALLED,
        /** The client's connection closed before the answer: nobody is left to answer. */
        GONE
    }

    /**
     * A client that leaves has the proxy reset the upstream request, which then fails: that says
     * nothing about the upstream, so it counts neither for ejection nor for the circuit (nginx's and
     * Envoy's 499). An upstream too slow for its clients is caught by the route's timeout instead.
     */
    public ClientFault clientFault() {
        if (clientFault == null && request.proxiedRequest().response().closed()) {
            clientFault = ClientFault.GONE;
        }
        return clientFault;
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

    /** Notes the instance an attempt goes to, before it connects, so that a retry goes elsewhere. */
    void attempting(String authority) {
        this.upstreamAuthority = authority;
        tried.add(authority);
    }

    /**
     * Sets the body for the next attempt, watched for the body limit and for a client that stops
     * sending; {@code onSent} runs once it has been handed over whole.
     */
    void prepareBody(Vertx vertx, Runnable onSent) {
        long idle = route.idleTimeout().toMillis();
        if (clientBody == null) {
            request.setBody(Body.body(new WatchedBodyStream(Body.body(Buffer.buffer()).stream(), vertx, 0, 0, onSent,
                    failure -> { }), 0));
        } else {
            request.setBody(Body.body(new WatchedBodyStream(clientBody.stream(), vertx, maxBodyBytes, idle, onSent,
                    failure -> clientFault = failure instanceof BodyTooLargeException ? ClientFault.BODY_TOO_LARGE
                            : failure instanceof TimeoutException ? ClientFault.BODY_STALLED : ClientFault.GONE),
                    clientBody.length()));
        }
    }
}
