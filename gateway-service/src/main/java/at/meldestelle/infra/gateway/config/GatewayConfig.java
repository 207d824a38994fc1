package at.meldestelle.infra.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    List<Route> routes();

    interface Route {
        String id();

        /** Path pattern; a trailing {@code /**} matches the prefix and everything below it. */
        String path();

        /** SmallRye Stork service name of the upstream (one or many instances). */
        String upstream();

        /** Number of leading path segments removed before forwarding (as Spring Cloud Gateway's StripPrefix). */
        @WithDefault("0")
        int stripPrefix();

        /** Any of these roles grants access; absent means any authenticated caller. */
        Optional<List<String>> roles();

        /** Public routes need no token. */
        @WithName("public")
        @WithDefault("false")
        boolean isPublic();

        /** The upstream must answer (and keep sending) within this time, otherwise 504. */
        @WithDefault("PT30S")
        Duration timeout();
    }
}
