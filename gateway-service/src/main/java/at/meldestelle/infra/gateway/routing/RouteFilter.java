package at.meldestelle.infra.gateway.routing;

/**
 * One concern of a route's handling (access, rate limit, CORS, headers, proxying): it answers the
 * request itself, or passes it on with {@link Exchange#next()}.
 */
@FunctionalInterface
public interface RouteFilter {

    void handle(Exchange exchange);
}
