package at.meldestelle.infra.gateway.metrics;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.gateway.routing.RouteFilter;
import at.meldestelle.infra.gateway.routing.RouteFilterFactory;
import at.meldestelle.infra.shared.runtime.metrics.HttpLatencyBuckets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code gateway_requests_seconds{route,method,status}} per route, status as its class ({@code 2xx}
 * ...), with the platform's latency buckets: requests, errors and latency of each route, whoever
 * answered (the upstream, or the gateway with a 401, 429 or 503).
 */
@ApplicationScoped
public class RouteMetrics implements RouteFilterFactory {

    private final MeterRegistry registry;

    public RouteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int order() {
        return Order.METRICS;
    }

    @Override
    public Optional<RouteFilter> create(GatewayConfig.Route route) {
        return Optional.of(exchange -> {
            RoutingContext ctx = exchange.context();
            long start = System.nanoTime();
            String method = ctx.request().method().name();
            ctx.addEndHandler(done -> timer(route.id(), method, ctx.response().getStatusCode())
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
            exchange.next();
        });
    }

    private Timer timer(String route, String method, int status) {
        return Timer.builder("gateway_requests_seconds")
                .description("Requests per gateway route, by method and status class")
                .tags("route", route, "method", method, "status", (status / 100) + "xx")
                .serviceLevelObjectives(HttpLatencyBuckets.bounds())
                .register(registry);
    }
}
