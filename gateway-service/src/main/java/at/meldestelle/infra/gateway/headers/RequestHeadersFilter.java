package at.meldestelle.infra.gateway.headers;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.gateway.routing.Exchange;
import at.meldestelle.infra.gateway.routing.RouteFilter;
import at.meldestelle.infra.gateway.routing.RouteFilterFactory;
import at.meldestelle.infra.shared.runtime.net.TrustedProxies;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Makes the headers the upstream gets: client hop-by-hop and forged headers removed, the gateway's
 * {@code X-Forwarded-*}, and the caller's identity from the validated token. Runs first on every
 * route, so later filters see the client's address ({@link #clientAddress}).
 */
@ApplicationScoped
public class RequestHeadersFilter implements RouteFilterFactory {

    private static final String CLIENT_ADDRESS = "gateway.client-address";

    private final TrustedProxies trustedProxies;

    public RequestHeadersFilter(GatewayConfig config) {
        this.trustedProxies = TrustedProxies.of(config.trustedProxies().orElse(List.of()), "gateway.trusted-proxies");
    }

    /** The client's address as the headers filter found it. */
    public static String clientAddress(RoutingContext ctx) {
        return ctx.get(CLIENT_ADDRESS);
    }

    @Override
    public int order() {
        return Order.HEADERS;
    }

    @Override
    public Optional<RouteFilter> create(GatewayConfig.Route route) {
        return Optional.of(exchange -> {
            RoutingContext ctx = exchange.context();
            HeaderHygiene.clean(ctx.request().headers());
            ctx.put(CLIENT_ADDRESS, ForwardedHeaders.apply(ctx.request(),
                    exchange.path().strippedPrefix(route.stripPrefix()), trustedProxies));
            UpstreamIdentity.apply(ctx.request().headers(), exchange.caller());
            exchange.next();
        });
    }
}
