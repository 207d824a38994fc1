package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import io.smallrye.stork.Stork;
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

    @Override
    public Future<HttpClientRequest> create(ProxyContext proxyContext) {
        Context context = Vertx.currentContext();
        return Future.fromCompletionStage(Stork.getInstance().getService(route.upstream()).selectInstance()
                        .subscribeAsCompletionStage(), context)
                .recover(failure -> Future.failedFuture(new UpstreamUnavailableException(route.upstream(), failure)))
                .compose(instance -> proxyContext.client().request(new RequestOptions()
                        .setHost(instance.getHost())
                        .setPort(instance.getPort())
                        .setIdleTimeout(route.timeout().toMillis())));
    }
}
