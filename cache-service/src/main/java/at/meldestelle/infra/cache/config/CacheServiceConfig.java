package at.meldestelle.infra.cache.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "cache-service")
public interface CacheServiceConfig {

    Invalidation invalidation();

    interface Invalidation {

        /** How long a processed event's id is remembered: longer than eventstore.events is kept. */
        @WithDefault("P8D")
        Duration rememberProcessed();

        /** Which events invalidate what; see the README. */
        Optional<List<Rule>> rules();
    }

    interface Rule {
        /** The event type ({@code ce_type}); {@code *} stands for any run of characters. */
        String eventType();

        String cache();

        /**
         * The key to drop, with {@code {subject}} (the stream, e.g. {@code member-4711}) and
         * {@code {subjectId}} (what follows its first '-', e.g. {@code 4711}); with a {@code *} it is
         * a pattern, and every matching key goes.
         */
        String key();
    }
}
