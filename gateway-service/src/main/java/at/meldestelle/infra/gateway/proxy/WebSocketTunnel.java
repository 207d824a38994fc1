package at.meldestelle.infra.gateway.proxy;

import at.meldestelle.infra.gateway.headers.HopByHop;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;

/**
 * WebSocket pass-through. The upgrade request, as the route's chain left it (token checked, rate
 * limited, identity and forwarding headers set, the client's own hop-by-hop headers gone), goes to
 * an instance Stork picks, with {@code Connection: Upgrade} and {@code Upgrade: websocket} set again;
 * on its 101 both connections become one byte tunnel until either side closes it. Any other answer
 * is relayed as it came. Written after vertx-http-proxy's {@code ReverseProxy.handleWebSocketUpgrade},
 * which only its {@code HttpProxy} handler offers: the gateway drives each {@code ProxyRequest} itself.
 * An upgrade is not retried and does not count for the circuit; a tunnel has no idle timeout.
 */
final class WebSocketTunnel {

    private static final long CONNECT_TIMEOUT_MILLIS = 5_000;

    private final HttpClient client;

    WebSocketTunnel(HttpClient client) {
        this.client = client;
    }

    Future<Void> open(Forwarding forwarding, StorkOrigin origin) {
        HttpServerRequest downstream = forwarding.request().proxiedRequest();
        return origin.instance()
                .compose(instance -> {
                    forwarding.attempting(instance.getHost() + ":" + instance.getPort());
                    return client.request(new RequestOptions().setHost(instance.getHost()).setPort(instance.getPort())
                            .setMethod(HttpMethod.GET).setURI(forwarding.request().getURI())
                            .setConnectTimeout(CONNECT_TIMEOUT_MILLIS));
                })
                .compose(upstream -> {
                    downstream.headers().forEach(header -> {
                        if (!header.getKey().equalsIgnoreCase("Host")) {
                            upstream.headers().add(header.getKey(), header.getValue());
                        }
                    });
                    upstream.headers().set("Connection", "Upgrade").set("Upgrade", "websocket");
                    return upstream.connect().compose(answer -> answer.statusCode() == 101
                            ? tunnel(downstream, upstream, answer)
                            : relay(downstream.response(), answer));
                });
    }

    private static Future<Void> tunnel(HttpServerRequest downstream, HttpClientRequest upstream, HttpClientResponse answer) {
        HttpServerResponse response = downstream.response();
        response.setStatusCode(101);
        response.headers().addAll(answer.headers());
        return downstream.toNetSocket()
                .onFailure(failure -> upstream.connection().close())
                .map(clientSide -> {
                    NetSocket upstreamSide = answer.netSocket();
                    clientSide.handler(upstreamSide::write);
                    upstreamSide.handler(clientSide::write);
                    clientSide.closeHandler(closed -> upstreamSide.close());
                    upstreamSide.closeHandler(closed -> clientSide.close());
                    return null;
                });
    }

    /** The upstream refused the upgrade: its status, headers and body go to the client. */
    private static Future<Void> relay(HttpServerResponse response, HttpClientResponse answer) {
        response.setStatusCode(answer.statusCode());
        response.headers().addAll(answer.headers());
        HopByHop.removeFromAnswer(response.headers());
        return answer.body().compose(response::end);
    }
}
