package at.meldestelle.infra.eventstore.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "eventstore")
public interface EventStoreConfig {

    /**
     * Streams hash onto this many partitions; every key of one partition shares a Redis Cluster hash
     * tag. Changing it moves streams to other keys: fix it before the first event is written.
     */
    @WithDefault("256")
    int partitions();

    /** Most events one append may carry. */
    @WithDefault("1000")
    int maxEventsPerAppend();

    /** Most events one read returns. */
    @WithDefault("1000")
    int maxPageSize();

    Forwarder forwarder();

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
    }
}
