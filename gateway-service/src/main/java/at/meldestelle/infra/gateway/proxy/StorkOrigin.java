package at.meldestelle.infra.gateway.proxy;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import io.smallrye.stork.Stork;
import io.smallrye.stork.api.ServiceInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyResponse;

import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The innermost upstream call: picks the instance through SmallRye Stork (static list locally,
 * Kubernetes or Consul in clusters) and sends the request there. The route's {@code timeout} counts
 * from the moment the upstream has the whole request until its response starts, so a slow upload is
 * not cut off while bytes still flow; then {@code idle-timeout} watches the response body.
 */
final class StorkOrigin implements UpstreamCall {

    /** Stork picks at most this often per attempt while it picks instances that are left out or already tried. */
    private static final int PICKS = 4;
    /** A connection takes at most this long to open, whatever the route's timeout. */
    private static final long CONNECT_TIMEOUT_MILLIS = 5_000;

    private final GatewayConfig.Route route;
    private final HttpClient client;
    private final InstanceHealth health;
    private final Vertx vertx;

    StorkOrigin(GatewayConfig.Route route, HttpClient client, InstanceHealth health, Vertx vertx) {
        this.route = route;
        this.client = client;
        this.health = health;
        this.vertx = vertx;
    }

    @Override
    public Future<ProxyResponse> send(Forwarding forwarding) {
        long timeout = route.timeout().toMillis();
        long idle = route.idleTimeout().toMillis();
        return pick(forwarding::tried, PICKS).compose(instance -> {
            String authority = instance.getHost() + ":" + instance.getPort();
            forwarding.attempting(authority);
            return client.request(new RequestOptions()
                            .setHost(instance.getHost())
                            .setPort(instance.getPort())
                            .setConnectTimeout(Math.min(timeout, CONNECT_TIMEOUT_MILLIS)))
                    .compose(request -> exchange(forwarding, request, timeout, idle))
                    .onComplete(result -> {
                        if (result.succeeded()) {
                            if (UpstreamStatus.failed(result.result().getStatusCode())) {
                                health.failed(authority);
                            } else {
                                health.succeeded(authority);
                            }
                        } else if (forwarding.clientFault() == null) {
                            health.failed(authority); // a failure the client caused says nothing of the instance
                        }
                    });
        });
    }

    /**
     * Sends the request; the response timeout runs from the end of the request body to the start of
     * the answer, then the idle timeout watches the answer's body. (Own timers: a Vert.x request's
     * idle timeout would also run during the upload, and cannot be turned off once set.)
     */
    private Future<ProxyResponse> exchange(Forwarding forwarding, HttpClientRequest request, long timeout, long idle) {
        // [0]: the timer, or -2 once the answer came (an upstream may answer before the body is all sent).
        long[] responseTimer = {-1};
        forwarding.prepareBody(vertx, () -> {
            if (responseTimer[0] != -2) {
                responseTimer[0] = vertx.setTimer(timeout, id -> request.reset(0,
                        new TimeoutException(route.upstream() + " did not answer within " + timeout + " ms")));
            }
        });
        return forwarding.request().send(request)
                .andThen(done -> {
                    if (responseTimer[0] >= 0) {
                        vertx.cancelTimer(responseTimer[0]);
                    }
                    responseTimer[0] = -2;
                })
                .map(response -> {
                    Body body = response.getBody();
                    response.setBody(Body.body(new WatchedBodyStream(body.stream(), vertx, Long.MAX_VALUE, idle, () -> {
                    }, failure -> request.reset()), body.length()));
                    return response;
                });
    }

    /**
     * An instance that is neither left out nor already tried by this request, if Stork offers one
     * within a few picks; otherwise the last one offered (when all are down, trying beats refusing).
     */
    private Future<ServiceInstance> pick(Predicate<String> tried, int picksLeft) {
        return select().compose(instance -> {
            String authority = instance.getHost() + ":" + instance.getPort();
            if (picksLeft <= 1 || (health.available(authority) && !tried.test(authority))) {
                return Future.succeededFuture(instance);
            }
            return pick(tried, picksLeft - 1);
        });
    }

    /** An instance for a connection of its own (a WebSocket tunnel), chosen as for a request's first attempt. */
    Future<ServiceInstance> instance() {
        return pick(authority -> false, PICKS);
    }

    private Future<ServiceInstance> select() {
        Context context = Vertx.currentContext();
        try {
            return Future.fromCompletionStage(Stork.getInstance().getService(route.upstream()).selectInstance()
                            .subscribeAsCompletionStage(), context)
                    .recover(failure -> Future.failedFuture(new UpstreamUnavailableException(route.upstream(), failure)));
        } catch (RuntimeException e) {
            // e.g. an upstream name that is not a configured Stork service
            return Future.failedFuture(new UpstreamUnavailableException(route.upstream(), e));
        }
    }
}
