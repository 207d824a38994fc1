package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import io.smallrye.stork.Stork;
import io.smallrye.stork.api.ServiceInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;

/** Picks the upstream instance through SmallRye Stork (static list locally, Kubernetes or Consul in clusters). */
final class StorkOrigin implements OriginRequestProvider {

    private final GatewayConfig.Route route;

    StorkOrigin(GatewayConfig.Route route) {
        this.route = route;
    }

    /** Attachment of the proxy context: the {@code host:port} of the chosen instance. */
    static final String UPSTREAM_AUTHORITY = "upstream.authority";

    @Override
    public Future<HttpClientRequest> create(ProxyContext proxyContext) {
        Context context = Vertx.currentContext();
        Future<ServiceInstance> selected;
        try {
            selected = Future.fromCompletionStage(Stork.getInstance().getService(route.upstream()).selectInstance()
                    .subscribeAsCompletionStage(), context);
        } catch (RuntimeException e) {
            selected = Future.failedFuture(e); // e.g. an upstream name that is not a configured Stork service
        }
        long timeout = route.timeout().toMillis();
        return selected
                .recover(failure -> Future.failedFuture(new UpstreamUnavailableException(route.upstream(), failure)))
                .compose(instance -> {
                    proxyContext.set(UPSTREAM_AUTHORITY, instance.getHost() + ":" + instance.getPort());
                    return proxyContext.client().request(new RequestOptions()
                            .setHost(instance.getHost())
                            .setPort(instance.getPort())
                            .setConnectTimeout(timeout)
                            .setIdleTimeout(timeout));
                });
    }
}
