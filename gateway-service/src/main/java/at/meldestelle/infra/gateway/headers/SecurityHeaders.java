package at.meldestelle.infra.gateway.headers;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Browser hardening on every answer of the edge, the gateway's own problems included. An upstream's
 * own values win; {@code Server} and {@code X-Powered-By} of upstreams are not passed on.
 */
@ApplicationScoped
public class SecurityHeaders {

    private final boolean enabled;

    public SecurityHeaders(GatewayConfig config) {
        this.enabled = config.securityHeaders();
    }

    void register(@Observes Filters filters) {
        if (enabled) {
            filters.register(this::handle, 1100);
        }
    }

    private void handle(RoutingContext ctx) {
        boolean https = "https".equals(ctx.request().scheme());
        ctx.addHeadersEndHandler(v -> {
            MultiMap headers = ctx.response().headers();
            setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
            setIfAbsent(headers, "X-Frame-Options", "DENY");
            setIfAbsent(headers, "Referrer-Policy", "no-referrer");
            if (https) {
                setIfAbsent(headers, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
            }
            headers.remove("Server");
            headers.remove("X-Powered-By");
        });
        ctx.next();
    }

    private static void setIfAbsent(MultiMap headers, String name, String value) {
        if (!headers.contains(name)) {
            headers.set(name, value);
        }
    }
}
