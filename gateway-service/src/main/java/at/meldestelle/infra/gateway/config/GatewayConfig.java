package at.meldestelle.infra.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    List<Route> routes();

    /**
     * A YAML file holding {@code gateway.routes} (nothing else); its routes replace {@link #routes()}
     * and its changes are taken without a restart.
     */
    Optional<String> routesFile();

    /** How often the routes file is read again; 0 reads it at start only. */
    @WithDefault("PT2S")
    Duration routesReloadInterval();

    /**
     * Address ranges of proxies in front of the gateway (an ingress, a load balancer) whose
     * {@code X-Forwarded-For} is kept. From anyone else the header is replaced: the gateway is the edge.
     */
    Optional<List<String>> trustedProxies();

    /** Request bodies larger than this get 413, whether sent with Content-Length or chunked. */
    @WithDefault("10M")
    MemorySize maxBodySize();

    RateLimiting rateLimiting();

    CircuitBreaker circuitBreaker();

    Cors cors();

    InstanceHealth instanceHealth();

    /** {@code X-Content-Type-Options}, {@code X-Frame-Options}, {@code Referrer-Policy}, HSTS over HTTPS. */
    @WithDefault("true")
    boolean securityHeaders();

    interface Route {
        String id();

        /** Path pattern; a trailing {@code /**} matches the prefix and everything below it. */
        String path();

        /** Methods the route takes; absent means all. */
        Optional<List<String>> methods();

        /** Host names (without port) the route takes; absent means any. */
        Optional<List<String>> hosts();

        /** Headers the request must carry, with these exact values. */
        Map<String, String> headers();

        /** SmallRye Stork service name of the upstream (one or many instances). */
        String upstream();

        /** Number of leading path segments removed before forwarding (as Spring Cloud Gateway's StripPrefix). */
        @WithDefault("0")
        int stripPrefix();

        /**
         * Put in front of the path once {@link #stripPrefix()} has been applied (Spring Cloud Gateway's
         * PrefixPath): {@code /api/v2/members/**} with strip-prefix 3 and prefix-path {@code /members/v2}
         * sends {@code /api/v2/members/7} to {@code /members/v2/7}.
         */
        Optional<String> prefixPath();

        /** Any of these roles grants access; absent means any authenticated caller. */
        Optional<List<String>> roles();

        /** Any of these permissions (token claim {@code permissions}) grants access, beside the roles. */
        Optional<List<String>> permissions();

        /** Public routes need no token. */
        @WithName("public")
        @WithDefault("false")
        boolean isPublic();

        /**
         * Time the upstream has to start its answer once the request has been sent whole (504 after).
         * Not counted while a request body is still arriving.
         */
        @WithDefault("PT30S")
        Duration timeout();

        /** A response that stops sending for this long is cut off; 0 means never (long quiet streams). */
        @WithDefault("PT60S")
        Duration idleTimeout();

        /** Further attempts, on another instance, for idempotent requests without a body. */
        @WithDefault("0")
        int retries();

        Optional<RateLimit> rateLimit();

        /**
         * WebSocket upgrades are tunnelled to the upstream (off: they are forwarded as plain GETs,
         * which upstreams refuse). A tunnel ends when the caller's token expires.
         */
        @WithDefault("false")
        boolean websocket();
    }

    interface RateLimit {
        /** Tokens the bucket holds: the burst a caller may send at once. */
        int capacity();

        /** Tokens added per second: the sustained rate. */
        double refillPerSecond();

        /** Whose bucket a request takes from. */
        @WithDefault("principal")
        RateLimitKey key();
    }

    enum RateLimitKey {
        /** The token's subject; callers without a token by their address. */
        PRINCIPAL,
        /** The client address (from trusted proxies' {@code X-Forwarded-For}, else the peer). */
        IP,
        /** One bucket for the whole route. */
        ROUTE
    }

    interface RateLimiting {
        /** The longest a request waits for Redis's answer before the failure policy applies. */
        @WithDefault("PT0.05S")
        Duration redisTimeout();

        /** {@code fail-open} lets requests through while Redis cannot answer, {@code fail-closed} answers 503. */
        @WithDefault("fail-open")
        FailurePolicy failurePolicy();

        /** After this many failed Redis calls in a row, the policy applies without asking Redis ... */
        @WithDefault("3")
        int failureThreshold();

        /** ... until this much time has passed and one call tries again. */
        @WithDefault("PT2S")
        Duration retryAfter();
    }

    enum FailurePolicy {
        FAIL_OPEN, FAIL_CLOSED
    }

    interface CircuitBreaker {
        /** Failures in a row (connection errors, timeouts, 502/503/504) that open an upstream's circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long the circuit stays open before one trial request is let through. */
        @WithDefault("PT10S")
        Duration resetTimeout();
    }

    interface InstanceHealth {
        /** Failures in a row (no connection, timeout, 502/503/504) after which an instance is left out ... */
        @WithDefault("3")
        int consecutiveFailures();

        /** ... for this long, then taken back (passive ejection). */
        @WithDefault("PT30S")
        Duration ejectionTime();

        /** How often every instance's readiness is asked (active health check); 0 turns it off. */
        @WithDefault("PT5S")
        Duration checkInterval();

        /** The readiness path of the instances. */
        @WithDefault("/q/health/ready")
        String checkPath();
    }

    interface Cors {
        /**
         * Allowed origins; {@code *} stands for one DNS label or a port, e.g.
         * {@code https://*.meldestelle.at}, {@code http://localhost:*}. Empty: CORS is not answered.
         */
        Optional<List<String>> origins();

        @WithDefault("GET,HEAD,POST,PUT,PATCH,DELETE")
        List<String> methods();

        @WithDefault("Authorization,Content-Type,Accept,Accept-Version,X-Correlation-ID,If-Match,If-None-Match")
        List<String> headers();

        @WithDefault("X-Correlation-ID,Location,ETag,Retry-After,RateLimit-Limit,RateLimit-Remaining,RateLimit-Reset")
        List<String> exposedHeaders();

        @WithDefault("false")
        boolean allowCredentials();

        @WithDefault("PT10M")
        Duration maxAge();
    }
}
