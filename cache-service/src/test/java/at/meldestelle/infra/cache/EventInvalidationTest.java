package at.meldestelle.infra.cache;

import at.meldestelle.infra.shared.messaging.Topics;
import at.meldestelle.infra.shared.testing.InjectKafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TopicReader;
import at.meldestelle.infra.shared.testing.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events on eventstore.events, as the event store forwards them, drop the entries the rules in
 * application.properties map them to; events that cannot name a key go to the dead-letter topic.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class EventInvalidationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaBroker
    KafkaBroker kafka;

    private TopicWriter producer;

    @BeforeEach
    void producer() {
        producer = TopicWriter.to(kafka.bootstrapServers());
    }

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void aMemberEventDropsTheMemberEntryAndLeavesOthers() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        given().body("Anna").put("/caches/members/entries/member:" + id).then().statusCode(204);
        given().body("Other").put("/caches/members/entries/member:other-" + id).then().statusCode(204);
        given().body("Blitz").put("/caches/horses/entries/horse:" + id).then().statusCode(204);
        warm("members", "member:" + id);

        publish(UUID.randomUUID().toString(), "MemberUpdated", "member-" + id);
        awaitStatus("/caches/members/entries/member:" + id, 404);
        given().get("/caches/members/entries/member:other-" + id).then().statusCode(200);
        given().get("/caches/horses/entries/horse:" + id).then().statusCode(200);
    }

    @Test
    void aRedeliveredEventIsHandledOnceSoItDoesNotDropALaterWrite() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String eventId = UUID.randomUUID().toString();
        given().body("old").put("/caches/horses/entries/horse:" + id).then().statusCode(204);
        publish(eventId, "HorseRegistered", "horse-" + id);
        awaitStatus("/caches/horses/entries/horse:" + id, 404);
        given().body("new").put("/caches/horses/entries/horse:" + id).then().statusCode(204);

        publish(eventId, "HorseRegistered", "horse-" + id);
        String marker = UUID.randomUUID().toString().substring(0, 8);
        given().body("m").put("/caches/horses/entries/horse:" + marker).then().statusCode(204);
        // Same record key as the duplicate, so the same partition: once the marker is handled, so is the duplicate.
        publish(UUID.randomUUID().toString(), "HorseRegistered", "horse-" + marker, "horse-" + id);
        awaitStatus("/caches/horses/entries/horse:" + marker, 404);
        given().get("/caches/horses/entries/horse:" + id).then().statusCode(200);
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("messaging_consumed_total{channel=\"eventstore-events\",outcome=\"duplicate\"}"), "duplicates are counted");
    }

    @Test
    void eventsThatNameNoKeyGoToTheDeadLetterTopic() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        publish(UUID.randomUUID().toString(), "MemberUpdated", null, key);
        publish(UUID.randomUUID().toString(), "MemberUpdated", "member-" + "x".repeat(1100), key);
        producer.send(Topics.EVENTSTORE_EVENTS, key, "{}", Map.of());

        List<ConsumerRecord<String, String>> dead = TopicReader.read(kafka.bootstrapServers(), Topics.EVENTSTORE_EVENTS + ".dlq",
                record -> key.equals(record.key()), found -> found.size() >= 3, WAIT);
        assertEquals(3, dead.size());
        assertTrue(TopicReader.header(dead.get(0), "dead-letter-reason").contains("has no subject"),
                TopicReader.header(dead.get(0), "dead-letter-reason"));
        assertTrue(TopicReader.header(dead.get(1), "dead-letter-reason").contains("longer than"),
                TopicReader.header(dead.get(1), "dead-letter-reason"));
        assertTrue(TopicReader.header(dead.get(2), "dead-letter-reason").contains("Not a CloudEvent"),
                TopicReader.header(dead.get(2), "dead-letter-reason"));
        // The channel goes on after poison.
        String id = UUID.randomUUID().toString().substring(0, 8);
        given().body("v").put("/caches/members/entries/member:" + id).then().statusCode(204);
        publish(UUID.randomUUID().toString(), "MemberDeleted", "member-" + id);
        awaitStatus("/caches/members/entries/member:" + id, 404);
    }

    private void publish(String eventId, String type, String subject) {
        publish(eventId, type, subject, subject);
    }

    private void publish(String eventId, String type, String subject, String key) {
        producer.send(Topics.EVENTSTORE_EVENTS, key, "{}",
                TopicWriter.cloudEvent(eventId, type, "/eventstore/streams/" + subject, subject));
    }

    private static void warm(String cache, String key) {
        for (int i = 0; i < 20; i++) {
            given().get("/caches/" + cache + "/entries/" + key).then().statusCode(200);
        }
    }

    private static void awaitStatus(String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int last;
        while ((last = given().get(path).statusCode()) != status && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(status, last, path);
    }

}
