package at.meldestelle.infra.eventstore.forwarder;

import at.meldestelle.infra.eventstore.redis.RedisStreamStore;
import at.meldestelle.infra.eventstore.redis.StoreKeys;
import at.meldestelle.infra.eventstore.stream.StreamName;
import at.meldestelle.infra.shared.messaging.Topics;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TopicReader;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forwarder against a real Redis and Kafka: refused events are parked, leases fence, a dead holder's entries are taken over. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class ForwarderFailureTest {

    /** A partition the running service never forwards (it has 8). */
    private static final int SPARE_PARTITION = 100;

    @Inject
    RedisDataSource redis;

    @Inject
    ReactiveRedisDataSource reactiveRedis;

    @Inject
    RedisStreamStore store;

    @Inject
    OutboxSettler settler;

    static String event(String type, String data) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"data\":" + data + "}";
    }

    static void append(String stream, String event) {
        given().contentType(ContentType.JSON).body("{\"events\":[" + event + "]}").post("/streams/{s}/events", stream)
                .then().statusCode(201);
    }

    static List<Long> versionsOnKafka(String stream, int expected) {
        List<ConsumerRecord<String, String>> records = TopicReader.read(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), Topics.EVENTSTORE_EVENTS,
                record -> stream.equals(record.key()), read -> read.size() >= expected, Duration.ofSeconds(60));
        return records.stream().map(r -> Long.parseLong(r.value().replaceAll("(?s).*\"version\":(\\d+).*", "$1"))).toList();
    }

    @Test
    void anEventTooLargeForKafkaIsParkedAndItsStreamAndPartitionKeepFlowing() {
        String stream = "member-" + UUID.randomUUID();
        int partition = store.partitionOf(StreamName.parse(stream));
        long parkedBefore = redis.stream(String.class).xlen(StoreKeys.parked(partition));
        double parkedMetricBefore = parkedMetric();
        append(stream, event("Small", "1"));
        // Within the 1 MiB append limit, but its Kafka record would exceed max-record-bytes.
        append(stream, event("Huge", "\"" + "x".repeat(1_045_000) + "\""));
        append(stream, event("Small", "3"));

        assertEquals(List.of(1L, 3L), versionsOnKafka(stream, 2));
        List<StreamMessage<String, String, String>> parked = redis.stream(String.class)
                .xrange(StoreKeys.parked(partition), io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"));
        assertEquals(parkedBefore + 1, parked.size());
        Map<String, String> fields = parked.get(parked.size() - 1).payload();
        assertEquals("2", fields.get("v"));
        assertTrue(fields.get("reason").startsWith("RecordTooLargeException"), fields.get("reason"));
        assertEquals(parkedMetricBefore + 1, parkedMetric());
    }

    private static double parkedMetric() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("eventstore_forwarder_parked_total "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElseThrow();
    }

    @Test
    void aHolderWhoseLeaseExpiredCannotSettleForItsSuccessor() throws InterruptedException {
        PartitionLease stale = new PartitionLease(reactiveRedis, "stale", Duration.ofMillis(300));
        PartitionLease successor = new PartitionLease(reactiveRedis, "successor", Duration.ofSeconds(30));
        String outbox = StoreKeys.outbox(SPARE_PARTITION);
        redis.stream(String.class).xgroupCreate(outbox, OutboxReader.GROUP, "0", new XGroupCreateArgs().mkstream());
        redis.stream(String.class).xadd(outbox, new io.quarkus.redis.datasource.stream.XAddArgs().id("0-1"), Map.of("s", "x-1", "v", "1"));
        redis.stream(String.class).xreadgroup(OutboxReader.GROUP, "forwarder", outbox, ">", new XReadGroupArgs().count(10));

        long staleToken = stale.hold(SPARE_PARTITION).await().indefinitely();
        assertTrue(staleToken > 0);
        assertEquals(0L, successor.hold(SPARE_PARTITION).await().indefinitely(), "held by another");
        Thread.sleep(400);
        long successorToken = successor.hold(SPARE_PARTITION).await().indefinitely();
        assertTrue(successorToken > staleToken, "a new holder gets a higher fencing token");
        assertEquals(0L, stale.hold(SPARE_PARTITION).await().indefinitely(), "the stale holder cannot renew");

        assertFalse(settler.settle(SPARE_PARTITION, stale.heldAs(staleToken), List.of("0-1"), Map.of()).await().indefinitely());
        assertEquals(1, redis.stream(String.class).xlen(outbox), "nothing settled by the stale holder");
        assertTrue(settler.settle(SPARE_PARTITION, successor.heldAs(successorToken), List.of("0-1"), Map.of()).await().indefinitely());
        assertEquals(0, redis.stream(String.class).xlen(outbox));
        assertEquals(0, redis.stream(String.class).xpending(outbox, OutboxReader.GROUP).getPendingCount());
    }

    @Test
    void aLeaseGivenBackAtShutdownIsTakenAtOnceAndOnlyItsHolderCanGiveItBack() {
        int partition = SPARE_PARTITION;
        PartitionLease leaving = new PartitionLease(reactiveRedis, "leaving", Duration.ofSeconds(30));
        PartitionLease next = new PartitionLease(reactiveRedis, "next", Duration.ofSeconds(30));
        redis.key().del(StoreKeys.forwarderLease(partition));
        long token = leaving.hold(partition).await().indefinitely();
        assertTrue(token > 0);
        assertFalse(next.release(partition).await().indefinitely(), "a lease another holds is not given back");
        assertEquals(0L, next.hold(partition).await().indefinitely());
        assertTrue(leaving.release(partition).await().indefinitely());
        assertTrue(next.hold(partition).await().indefinitely() > token, "taken at once, with a higher token");
        assertFalse(leaving.release(partition).await().indefinitely());
        redis.key().del(StoreKeys.forwarderLease(partition));
    }

    @Test
    void entriesADeadHolderHadReadAreForwardedByTheNextHolder() {
        // A "dead" instance holds a partition for 2 s and reads an entry, but never settles it.
        PartitionLease dead = new PartitionLease(reactiveRedis, "dead", Duration.ofSeconds(2));
        String stream;
        int partition;
        do {   // a partition the running forwarder does not hold at the moment
            stream = "member-" + UUID.randomUUID();
            partition = store.partitionOf(StreamName.parse(stream));
        } while (dead.hold(partition).await().indefinitely() == 0);
        String outbox = StoreKeys.outbox(partition);
        try {
            redis.stream(String.class).xgroupCreate(outbox, OutboxReader.GROUP, "0", new XGroupCreateArgs().mkstream());
        } catch (RuntimeException alreadyThere) {
            // BUSYGROUP: the forwarder created it before
        }
        append(stream, event("Orphaned", "1"));
        List<StreamMessage<String, String, String>> read = redis.stream(String.class)
                .xreadgroup(OutboxReader.GROUP, "forwarder", outbox, ">", new XReadGroupArgs().count(1000));
        String appended = stream;
        assertTrue(read.stream().anyMatch(m -> appended.equals(m.payload().get("s"))), "the dead holder read the entry");

        assertEquals(List.of(1L), versionsOnKafka(stream, 1));
    }
}
