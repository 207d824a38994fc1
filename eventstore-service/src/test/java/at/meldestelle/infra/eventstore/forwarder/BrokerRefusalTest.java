package at.meldestelle.infra.eventstore.forwarder;

import at.meldestelle.infra.eventstore.redis.RedisStreamStore;
import at.meldestelle.infra.eventstore.redis.StoreKeys;
import at.meldestelle.infra.eventstore.stream.StreamName;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static at.meldestelle.infra.eventstore.forwarder.ForwarderFailureTest.append;
import static at.meldestelle.infra.eventstore.forwarder.ForwarderFailureTest.event;
import static at.meldestelle.infra.eventstore.forwarder.ForwarderFailureTest.versionsOnKafka;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An event that the Kafka broker itself refuses (larger than its message.max.bytes, which the
 * forwarder's own check is set too high to catch here) fails mid-batch: it is parked, the events of
 * its stream around it reach Kafka in order, and its partition keeps flowing.
 */
@QuarkusTest
@TestProfile(BrokerRefusalTest.LargeEvents.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class BrokerRefusalTest {

    public static class LargeEvents implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventstore.limits.event-bytes", "2M", "eventstore.limits.append-bytes", "4M",
                    "quarkus.http.limits.max-body-size", "10M", "eventstore.forwarder.max-record-bytes", "10000000",
                    // Appends are held back while the lease is another's, so all of them meet in one batch.
                    "eventstore.forwarder.sweep-interval", "PT1S");
        }
    }

    @Inject
    RedisStreamStore store;

    @Inject
    RedisDataSource redis;

    @Test
    void aRefusedEventMidBatchIsParkedAndItsNeighboursArriveInOrder() {
        String stream = "member-" + UUID.randomUUID();
        String other = "member-" + UUID.randomUUID();
        append(stream, event("Small", "1"));
        // 1,070,000 bytes: under the producer's max.request.size (1,100,000), over the broker's 1 MiB.
        append(stream, event("Huge", "\"" + "x".repeat(1_070_000) + "\""));
        append(stream, event("Small", "3"));
        append(other, event("Small", "1"));
        append(stream, event("Small", "4"));

        assertEquals(List.of(1L, 3L, 4L), versionsOnKafka(stream, 3).stream().distinct().toList());
        assertEquals(List.of(1L), versionsOnKafka(other, 1));
        int partition = store.partitionOf(StreamName.parse(stream));
        List<Map<String, String>> parked = redis.stream(String.class)
                .xrange(StoreKeys.parked(partition), io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"))
                .stream().map(m -> m.payload()).filter(f -> stream.equals(f.get("s"))).toList();
        assertEquals(1, parked.size());
        assertEquals("2", parked.get(0).get("v"));
        assertTrue(parked.get(0).get("reason").contains("RecordTooLarge"), parked.get(0).get("reason"));
    }
}
