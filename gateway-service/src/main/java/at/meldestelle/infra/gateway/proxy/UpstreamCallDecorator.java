package at.meldestelle.infra.gateway.proxy;

import at.meldestelle.infra.gateway.config.GatewayConfig;

/**
 * Wraps a route's upstream call with one concern (circuit breaker, retries). Every CDI bean of this
 * type takes part, innermost first by {@link #order()}.
 */
public interface UpstreamCallDecorator {

    int order();

    UpstreamCall decorate(GatewayConfig.Route route, UpstreamCall call);
}
