package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.gateway.config.GatewayConfig;

import java.util.Optional;

/**
 * Makes one concern's filter for a route, from the route's configuration. Every CDI bean of this
 * type takes part; a route's chain holds their filters in the order of {@link #order()}, so a new
 * concern is one new bean.
 */
public interface RouteFilterFactory {

    /** Position in the chain: lower runs first. The proxy, which ends every chain, is last. */
    int order();

    /** The filter for this route, or empty when the route does not use the concern. */
    Optional<RouteFilter> create(GatewayConfig.Route route);

    /** Chain positions of the built-in concerns. */
    final class Order {
        public static final int METRICS = 50;
        public static final int HEADERS = 100;
        public static final int CORS = 200;
        public static final int ACCESS = 300;
        public static final int RATE_LIMIT = 400;
        public static final int PROXY = 1000;

        private Order() {
        }
    }
}
