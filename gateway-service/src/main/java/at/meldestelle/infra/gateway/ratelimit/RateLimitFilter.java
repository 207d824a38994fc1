package at.meldestelle.infra.gateway.ratelimit;

import at.meldestelle.infra.shared.security.CallerClaims;
import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.gateway.headers.RequestHeadersFilter;
import at.meldestelle.infra.gateway.problem.GatewayProblems;
import at.meldestelle.infra.gateway.routing.Exchange;
import at.meldestelle.infra.gateway.routing.RouteFilter;
import at.meldestelle.infra.gateway.routing.RouteFilterFactory;
import at.meldestelle.infra.shared.runtime.net.IpAddress;
import at.meldestelle.infra.shared.runtime.problem.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HexFormat;
import java.util.Optional;

/**
 * A route's {@code rate-limit}: one token per request from the caller's bucket (by principal,
 * client address or route). Refused: 429 with {@code Retry-After}; every answer carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds), as in
 * the IETF RateLimit header fields draft.
 */
@ApplicationScoped
public class RateLimitFilter implements RouteFilterFactory {

    private final RateLimiter limiter;
    private final ProblemWriter problems;
    private final MeterRegistry registry;

    public RateLimitFilter(RateLimiter limiter, ProblemWriter problems, MeterRegistry registry) {
        this.limiter = limiter;
        this.problems = problems;
        this.registry = registry;
    }

    @Override
    public int order() {
        return Order.RATE_LIMIT;
    }

    @Override
    public Optional<RouteFilter> create(GatewayConfig.Route route) {
        if (route.rateLimit().isEmpty()) {
            return Optional.empty();
        }
        GatewayConfig.RateLimit limit = route.rateLimit().get();
        if (limit.capacity() < 1 || !(limit.refillPerSecond() > 0)) {
            throw new IllegalArgumentException("gateway.routes " + route.id() + ": rate-limit needs capacity >= 1 and refill-per-second > 0");
        }
        Counter rejected = Counter.builder("gateway_ratelimit_rejections_total")
                .description("Requests refused with 429 by a route's rate limit")
                .tag("route", route.id()).register(registry);
        return Optional.of(exchange -> limiter.take(bucket(exchange, limit.key()), limit.capacity(), limit.refillPerSecond())
                .onSuccess(outcome -> {
                    HttpServerResponse response = exchange.context().response();
                    if (outcome.unavailable() == RateLimiter.Unavailable.FAIL_CLOSED) {
                        response.putHeader("Retry-After", "1");
                        problems.send(response, GatewayProblems.RATE_LIMITER_UNAVAILABLE.problem(
                                "The rate limiter cannot decide right now; retry shortly.").with("route", route.id()));
                        return;
                    }
                    if (outcome.decision() == null) {
                        exchange.next();
                        return;
                    }
                    TokenBucket.Decision decision = outcome.decision();
                    response.putHeader("RateLimit-Limit", Integer.toString(limit.capacity()));
                    response.putHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
                    response.putHeader("RateLimit-Reset", Long.toString(seconds(decision.resetMillis())));
                    if (decision.allowed()) {
                        exchange.next();
                        return;
                    }
                    rejected.increment();
                    response.putHeader("Retry-After", Long.toString(seconds(decision.retryAfterMillis())));
                    problems.send(response, GatewayProblems.RATE_LIMITED.problem("Route " + route.id() + " allows "
                            + limit.capacity() + " requests at once and " + limit.refillPerSecond() + " per second after.")
                            .with("route", route.id()));
                }));
    }

    private static String bucket(Exchange exchange, GatewayConfig.RateLimitKey key) {
        String route = exchange.route().id();
        SecurityIdentity caller = exchange.caller();
        return switch (key) {
            case ROUTE -> route;
            case PRINCIPAL -> caller != null
                    ? route + ":p:" + CallerClaims.subject(caller)
                    : route + ":ip:" + addressKey(RequestHeadersFilter.clientAddress(exchange.context()));
            case IP -> route + ":ip:" + addressKey(RequestHeadersFilter.clientAddress(exchange.context()));
        };
    }

    /** An IPv6 client holds a whole /64: one bucket for it, not one per address it can pick. */
    private static String addressKey(String address) {
        byte[] bytes = IpAddress.bytes(address);
        if (bytes == null || bytes.length == 4) {
            return address;
        }
        return HexFormat.of().formatHex(bytes, 0, 8) + "/64";
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
