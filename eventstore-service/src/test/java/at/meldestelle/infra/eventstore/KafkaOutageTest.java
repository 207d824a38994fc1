package at.meldestelle.infra.eventstore;

import at.meldestelle.infra.shared.testing.InjectKafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * At least once through a Kafka outage, with the production partition count: events appended while
 * the broker is down wait in the outbox and all reach Kafka, in order per stream, once it is back;
 * meanwhile the service is not ready but stays alive.
 */
@QuarkusTest
@TestProfile(KafkaOutageTest.ProductionPartitions.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class KafkaOutageTest {

    public static class ProductionPartitions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventstore.partitions", "256");
        }
    }

    @InjectKafkaBroker
    KafkaBroker kafka;

    @Test
    void eventsAppendedWhileKafkaIsDownArriveAfterItReturns() throws InterruptedException {
        List<String> streams = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            streams.add("member-" + UUID.randomUUID());
        }
        append(streams, 0);

        kafka.stop();
        append(streams, 1);
        append(streams, 2);
        // Not ready without Kafka, but alive: an orchestrator must not restart the instance for it.
        awaitStatus("/q/health/ready", 503, Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            given().get("/q/health/live").then().statusCode(200);
            Thread.sleep(200);
        }
        kafka.restart();
        awaitStatus("/q/health/ready", 200, Duration.ofSeconds(60));

        Map<String, List<Long>> versions = consume(streams.size() * 3);
        for (String stream : streams) {
            assertEquals(List.of(1L, 2L, 3L), versions.get(stream), "events of " + stream + " on Kafka");
        }
    }

    private static void awaitStatus(String path, int status, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        int last;
        while ((last = given().get(path).statusCode()) != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(status, last, path);
    }

    private static void append(List<String> streams, int expectedVersion) {
        for (String stream : streams) {
            given().contentType(ContentType.JSON)
                    .body("{\"expectedVersion\":" + expectedVersion + ",\"events\":[{\"eventId\":\"" + UUID.randomUUID()
                            + "\",\"type\":\"MemberChanged\",\"data\":{}}]}")
                    .post("/streams/{s}/events", stream)
                    .then().statusCode(201);
        }
    }

    /** Versions per stream in the order Kafka delivers them; a redelivered duplicate (at least once) counts once. */
    private static Map<String, List<Long>> consume(int expected) {
        List<ConsumerRecord<String, String>> records = TopicReader.read(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), "eventstore.events",
                record -> true, read -> versions(read).values().stream().mapToInt(List::size).sum() >= expected,
                Duration.ofSeconds(120));
        return versions(records);
    }

    private static Map<String, List<Long>> versions(List<ConsumerRecord<String, String>> records) {
        Map<String, List<Long>> versions = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            long version = Long.parseLong(record.value().replaceAll(".*\"version\":(\\d+).*", "$1"));
            List<Long> seen = versions.computeIfAbsent(record.key(), k -> new ArrayList<>());
            if (!seen.contains(version)) {
                seen.add(version);
            }
        }
        return versions;
    }
}
