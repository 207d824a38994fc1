package at.meldestelle.infra.shared.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How {@link EventConsumer}s retry before a record goes to the dead-letter topic. */
@ConfigMapping(prefix = "meldestelle.messaging")
public interface MessagingConfig {

    Retries retries();

    interface Retries {

        /** Attempts after the first failure; 0 sends a failed record to the dead-letter topic at once. */
        @WithDefault("3")
        int maxRetries();

        /** Delay before the first retry; it doubles (with jitter) up to {@link #maxDelay()}. */
        @WithDefault("PT0.2S")
        Duration firstDelay();

        @WithDefault("PT5S")
        Duration maxDelay();
    }
}
