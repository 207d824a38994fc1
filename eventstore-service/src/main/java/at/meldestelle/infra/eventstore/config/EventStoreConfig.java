package at.meldestelle.infra.eventstore.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "eventstore")
public interface EventStoreConfig {

    /**
     * Streams hash onto this many partitions; every key of one partition shares a Redis Cluster hash
     * tag. Changing it moves streams to other keys: fix it before the first event is written.
     */
    @WithDefault("256")
    int partitions();

    /** What a 201 promises about the appended events surviving a crash. */
    @WithDefault("fsync-always")
    Durability durability();

    Limits limits();

    Forwarder forwarder();

    Subscriptions subscriptions();

    /**
     * Upcasting steps by configuration: event type, then the schema version a step starts from, then
     * a JSON Patch (RFC 6902) document that turns the event's data into the next version, e.g.
     * {@code eventstore.upcasters.MemberRegistered.1=[{"op":"add","path":"/email","value":null}]}.
     * Steps registered over the admin API ({@code /upcasters}) take precedence.
     */
    Map<String, Map<String, String>> upcasters();

    enum Durability {
        /**
         * The service starts only on a Redis with {@code appendonly yes} and {@code appendfsync always}:
         * Redis fsyncs the AOF before it answers the append script, so a 201 survives a power cut.
         */
        FSYNC_ALWAYS,
        /**
         * No check: a 201 means the events are in Redis's memory. With {@code appendfsync everysec}
         * about a second of acknowledged appends can be lost when the machine dies, and a version
         * already forwarded to Kafka can then be given to another event.
         */
        NONE
    }

    interface Limits {
        /** Most events one append may carry. */
        @WithDefault("1000")
        int eventsPerAppend();

        /** Most bytes of one event (type, data and metadata as stored, UTF-8). 413 above it. */
        @WithDefault("1M")
        MemorySize eventBytes();

        /** Most bytes of all events of one append, as KurrentDB's default. 413 above it. */
        @WithDefault("1M")
        MemorySize appendBytes();

        /** Most events one read returns. */
        @WithDefault("1000")
        int pageEvents();

        /** A read page stops once it holds this many bytes of events (always at least one event). */
        @WithDefault("4M")
        MemorySize pageBytes();

        /** Most bytes of a snapshot's data. */
        @WithDefault("4M")
        MemorySize snapshotBytes();
    }

    interface Forwarder {
        /** How often every partition's outbox is swept for events that the fast path left behind. */
        @WithDefault("PT2S")
        Duration sweepInterval();

        /** Outbox entries published to Kafka per round trip. */
        @WithDefault("100")
        int batchSize();

        /**
         * A forwarder owns a partition for this long and renews it between batches. It must be well
         * above the Kafka producer's max.block.ms + delivery.timeout.ms, so that a batch has failed
         * before another instance can take the partition over.
         */
        @WithDefault("PT30S")
        Duration leaseDuration();

        /** Partitions drained at the same time by one instance. */
        @WithDefault("4")
        int maxConcurrentPartitions();

        /**
         * An event whose Kafka record (key, value and headers) would be larger is parked at once
         * instead of being sent: the broker's {@code message.max.bytes} (1 MiB and 12 bytes by
         * default, for the whole record batch) would refuse it on every attempt.
         */
        @WithDefault("1040000")
        int maxRecordBytes();
    }

    interface Subscriptions {
        /**
         * How long the one blocking read of a partition waits before it is issued again. A category
         * that gets its first subscriber joins that read when it is issued again, so this bounds the
         * delay of a new subscription's first live events.
         */
        @WithDefault("PT1S")
        Duration tailBlock();

        /** An SSE comment is sent this often, so that proxies do not cut a quiet subscription. */
        @WithDefault("PT15S")
        Duration keepalive();

        /** Index entries one subscription read (catch-up or live) takes at most. */
        @WithDefault("256")
        int pageEvents();

        /** Open subscriptions this instance serves at most; a new one beyond it gets 503. */
        @WithDefault("10000")
        int maxSubscribers();
    }
}
