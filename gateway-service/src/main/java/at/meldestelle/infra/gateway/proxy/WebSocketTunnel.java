package at.meldestelle.infra.gateway.proxy;

import at.meldestelle.infra.gateway.headers.HopByHop;
import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * WebSocket pass-through for routes with {@code websocket: true}. The upgrade request, as the
 * route's chain left it (token checked, rate limited, identity and forwarding headers set), goes to
 * an instance Stork picks, without hop-by-hop and framing headers and with {@code Connection:
 * Upgrade}, {@code Upgrade: websocket} set again; the route's {@code timeout} bounds the wait for
 * the answer. On a 101 both connections become one tunnel, piped with back-pressure, until either
 * side closes it or the caller's token expires. Any other answer is relayed as it came.
 * <p>
 * Written after vertx-http-proxy's {@code ReverseProxy.handleWebSocketUpgrade}, which only its
 * {@code HttpProxy} handler offers: the gateway drives each {@code ProxyRequest} itself. Tunnels
 * have a client of their own, so that long-lived tunnels never take the pooled connections of
 * ordinary requests. An upgrade is not retried and does not count for the circuit.
 */
final class WebSocketTunnel {

    private static final long CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Framing headers: an upgrade has no body, and the upstream must not wait for one. */
    private static final List<String> NOT_FORWARDED = List.of("Host", "Content-Length", "Transfer-Encoding",
            "Proxy-Authorization");

    private final Vertx vertx;
    private final HttpClient client;

    WebSocketTunnel(Vertx vertx) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(1_000));
    }

    void close() {
        client.close();
    }

    /**
     * @param expiresAt when the caller's token expires, or null for a public route
     */
    Future<Void> open(Forwarding forwarding, StorkOrigin origin, Instant expiresAt) {
        HttpServerRequest downstream = forwarding.request().proxiedRequest();
        if (downstream.headers().contains("Transfer-Encoding") || !"0".equals(downstream.headers().get("Content-Length"))
                && downstream.headers().contains("Content-Length")) {
            return Future.failedFuture(new ProblemException(Problem.ofStatus(400, "A WebSocket upgrade carries no body.")));
        }
        long timeout = forwarding.route().timeout().toMillis();
        return origin.instance()
                .compose(instance -> {
                    forwarding.attempting(instance.getHost() + ":" + instance.getPort());
                    return client.request(new RequestOptions().setHost(instance.getHost()).setPort(instance.getPort())
                            .setMethod(HttpMethod.GET).setURI(forwarding.request().getURI())
                            .setConnectTimeout(Math.min(timeout, CONNECT_TIMEOUT_MILLIS)));
                })
                .compose(upstream -> {
                    copyHeaders(downstream.headers(), upstream.headers());
                    long timer = vertx.setTimer(timeout, id -> upstream.reset(0,
                            new TimeoutException(forwarding.route().upstream() + " did not answer the upgrade within " + timeout + " ms")));
                    return upstream.connect()
                            .andThen(done -> vertx.cancelTimer(timer))
                            .compose(answer -> answer.statusCode() == 101
                                    ? tunnel(downstream, upstream, answer, expiresAt)
                                    : relay(downstream.response(), upstream, answer));
                });
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (NOT_FORWARDED.stream().noneMatch(header.getKey()::equalsIgnoreCase)) {
                to.add(header.getKey(), header.getValue());
            }
        });
        HopByHop.removeFromAnswer(to);
        to.set("Connection", "Upgrade").set("Upgrade", "websocket");
    }

    private Future<Void> tunnel(HttpServerRequest downstream, HttpClientRequest upstream, HttpClientResponse answer,
                                Instant expiresAt) {
        HttpServerResponse response = downstream.response();
        response.setStatusCode(101);
        response.headers().addAll(answer.headers());
        return downstream.toNetSocket()
                .map(clientSide -> {
                    NetSocket upstreamSide = answer.netSocket();
                    // Each pipe ends its destination when its source ends or fails.
                    clientSide.pipeTo(upstreamSide);
                    upstreamSide.pipeTo(clientSide);
                    if (expiresAt != null) {
                        long millis = Math.max(1, expiresAt.toEpochMilli() - System.currentTimeMillis());
                        long timer = vertx.setTimer(millis, id -> clientSide.close());
                        clientSide.closeHandler(closed -> vertx.cancelTimer(timer));
                    }
                    return (Void) null;
                })
                .recover(failure -> {
                    // The 101 head may be out already: nothing can be answered any more.
                    upstream.connection().close();
                    downstream.connection().close();
                    return Future.succeededFuture();
                });
    }

    /** The upstream refused the upgrade: its status, headers and body go to the client, and its connection is closed. */
    private static Future<Void> relay(HttpServerResponse response, HttpClientRequest upstream, HttpClientResponse answer) {
        return answer.body()
                .compose(body -> {
                    response.setStatusCode(answer.statusCode());
                    response.headers().addAll(answer.headers());
                    HopByHop.removeFromAnswer(response.headers());
                    return response.end(body);
                })
                .onComplete(done -> upstream.connection().close());
    }
}
