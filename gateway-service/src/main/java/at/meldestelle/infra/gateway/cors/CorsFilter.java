package at.meldestelle.infra.gateway.cors;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.gateway.routing.RouteFilter;
import at.meldestelle.infra.gateway.routing.RouteFilterFactory;
import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.runtime.problem.ProblemWriter;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CORS for browser clients ({@code gateway.cors}): preflights are answered here, before the access
 * check (a preflight carries no token); actual requests from an allowed origin get the
 * {@code Access-Control-Allow-*} headers on their answer. Written here rather than with Vert.x's
 * CorsHandler, which continues with the router's next route and so cannot sit inside a route's chain.
 */
@ApplicationScoped
public class CorsFilter implements RouteFilterFactory {

    private final GatewayConfig.Cors config;
    private final ProblemWriter problems;
    private final OriginPatterns origins;
    private final Set<String> allowedHeaders;

    public CorsFilter(GatewayConfig config, ProblemWriter problems) {
        this.config = config.cors();
        this.problems = problems;
        this.origins = new OriginPatterns(this.config.origins().orElse(List.of()));
        this.allowedHeaders = this.config.headers().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    @Override
    public int order() {
        return Order.CORS;
    }

    @Override
    public Optional<RouteFilter> create(GatewayConfig.Route route) {
        if (config.origins().isEmpty() || config.origins().get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(exchange -> {
            HttpServerRequest request = exchange.context().request();
            HttpServerResponse response = exchange.context().response();
            String origin = request.getHeader("Origin");
            if (origin == null) {
                exchange.next();
                return;
            }
            boolean allowed = origins.allows(origin);
            String requestedMethod = request.getHeader("Access-Control-Request-Method");
            if (request.method() == HttpMethod.OPTIONS && requestedMethod != null) {
                preflight(response, origin, allowed, requestedMethod, request.getHeader("Access-Control-Request-Headers"));
                return;
            }
            if (allowed) {
                exchange.context().addHeadersEndHandler(v -> {
                    allowOrigin(response, origin);
                    response.headers().set("Access-Control-Expose-Headers", String.join(", ", config.exposedHeaders()));
                });
            }
            exchange.next();
        });
    }

    private void preflight(HttpServerResponse response, String origin, boolean allowed, String method, String headers) {
        if (!allowed || !config.methods().contains(method.trim().toUpperCase(Locale.ROOT)) || !headersAllowed(headers)) {
            problems.send(response, Problem.ofStatus(403, "This cross-origin request is not allowed."));
            return;
        }
        allowOrigin(response, origin);
        response.putHeader("Access-Control-Allow-Methods", String.join(", ", config.methods()))
                .putHeader("Access-Control-Allow-Headers", String.join(", ", config.headers()))
                .putHeader("Access-Control-Max-Age", Long.toString(config.maxAge().toSeconds()))
                .setStatusCode(204)
                .end();
    }

    private boolean headersAllowed(String requested) {
        if (requested == null || requested.isBlank()) {
            return true;
        }
        for (String header : requested.split(",")) {
            if (!header.isBlank() && !allowedHeaders.contains(header.trim().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    private void allowOrigin(HttpServerResponse response, String origin) {
        response.headers().set("Access-Control-Allow-Origin", origin).add("Vary", "Origin");
        if (config.allowCredentials()) {
            response.headers().set("Access-Control-Allow-Credentials", "true");
        }
    }
}
