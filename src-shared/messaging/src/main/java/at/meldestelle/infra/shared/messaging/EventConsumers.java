package at.meldestelle.infra.shared.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.Config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the {@link EventConsumer} of an incoming channel, after checking that the channel is wired
 * as the kit needs it: bytes in (so that poison is dead-lettered as it came) and dead letters to
 * {@code <topic>.dlq}. A channel configured otherwise fails the start, not the first bad record.
 * Channel names with dots are not checked at start (they cannot be told from the property's parts);
 * a channel reads the one topic of {@code topic} (or its name), not {@code topics} or {@code pattern}.
 * <p>
 * {@code @Singleton}, not {@code @ApplicationScoped}: no client proxy, so the Redis client classes
 * {@link ProcessedEvents} refers to need not exist in a service that never deduplicates.
 */
@Singleton
public class EventConsumers {

    private static final Pattern INCOMING_CONNECTOR = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.connector");

    private final MessagingConfig config;
    private final MeterRegistry meters;
    private final Config channels;

    public EventConsumers(MessagingConfig config, MeterRegistry meters, Config channels) {
        this.config = config;
        this.meters = meters;
        this.channels = channels;
    }

    /**
     * Every incoming Kafka channel is checked, and its meters registered, at start, whether or not
     * its consumer has been made yet (SmallRye may make the bean at the first record).
     */
    void checkAll(@Observes StartupEvent event) {
        for (String name : channels.getPropertyNames()) {
            Matcher incoming = INCOMING_CONNECTOR.matcher(name);
            if (incoming.matches() && "smallrye-kafka".equals(channels.getOptionalValue(name, String.class).orElse(null))) {
                new EventConsumer.Meters(checked(incoming.group(1)), meters);
            }
        }
    }

    /** For handlers that may see an event twice without harm (setting, not adding). */
    public EventConsumer of(String channel) {
        return new EventConsumer(checked(channel), config.retries(), null, meters);
    }

    /** For handlers whose effect must not happen twice: events {@code processed} holds are skipped. */
    public EventConsumer deduplicated(String channel, ProcessedEvents processed) {
        return new EventConsumer(checked(channel), config.retries(), processed, meters);
    }

    private String checked(String channel) {
        String prefix = "mp.messaging.incoming." + channel + ".";
        String topic = setting(prefix, "topic", channel);
        require(channel, "failure-strategy", setting(prefix, "failure-strategy", "fail"), "dead-letter-queue");
        require(channel, "dead-letter-queue.topic", setting(prefix, "dead-letter-queue.topic", null), DeadLetters.topicOf(topic));
        require(channel, "value.deserializer", setting(prefix, "value.deserializer", null), ByteArrayDeserializer.class.getName());
        return channel;
    }

    /** The channel's setting, else the connector's, else {@code fallback}. */
    private String setting(String prefix, String name, String fallback) {
        return channels.getOptionalValue(prefix + name, String.class)
                .or(() -> channels.getOptionalValue("mp.messaging.connector.smallrye-kafka." + name, String.class))
                .orElse(fallback);
    }

    private static void require(String channel, String name, String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("Incoming channel " + channel + " needs " + name + "=" + expected
                    + " (is " + actual + "): see src-shared/messaging/README.md");
        }
    }
}
