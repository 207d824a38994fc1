package at.meldestelle.infra.gateway.proxy;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import io.smallrye.stork.Stork;
import io.smallrye.stork.api.ServiceInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The innermost upstream call: picks the instance through SmallRye Stork (static list locally,
 * Kubernetes or Consul in clusters) and sends the request there. The route's {@code timeout} counts
 * from the moment the upstream has the whole request until its response starts, so a slow upload is
 * not cut off while bytes still flow; then {@code idle-timeout} watches the response body.
 */
final class StorkOrigin implements UpstreamCall {

    /** Stork picks at most this often per attempt while it picks instances that are left out or already tried. */
    private static final int PICKS = 4;

    private final GatewayConfig.Route route;
    private final HttpClient client;
    private final InstanceHealth health;

    StorkOrigin(GatewayConfig.Route route, HttpClient client, InstanceHealth health) {
        this.route = route;
        this.client = client;
        this.health = health;
    }

    @Override
    public Future<ProxyResponse> send(Forwarding forwarding) {
        long timeout = route.timeout().toMillis();
        long idle = route.idleTimeout().toMillis();
        return pick(forwarding, PICKS).compose(instance -> {
            String authority = instance.getHost() + ":" + instance.getPort();
            return client.request(new RequestOptions()
                            .setHost(instance.getHost())
                            .setPort(instance.getPort())
                            .setConnectTimeout(timeout))
                    .compose(request -> {
                        forwarding.prepareAttempt(authority, () -> request.idleTimeout(timeout));
                        return forwarding.request().send(request).onSuccess(response -> request.idleTimeout(idle));
                    })
                    .onComplete(result -> {
                        if (result.failed() ? !forwarding.bodyTooLarge() : UpstreamStatus.failed(result.result().getStatusCode())) {
                            health.failed(authority);
                        } else {
                            health.succeeded(authority);
                        }
                    });
        });
    }

    /**
     * An instance that is neither left out nor already tried by this request, if Stork offers one
     * within a few picks; otherwise the last one offered (when all are down, trying beats refusing).
     */
    private Future<ServiceInstance> pick(Forwarding forwarding, int picksLeft) {
        return select().compose(instance -> {
            String authority = instance.getHost() + ":" + instance.getPort();
            if (picksLeft <= 1 || (health.available(authority) && !forwarding.tried(authority))) {
                return Future.succeededFuture(instance);
            }
            return pick(forwarding, picksLeft - 1);
        });
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
