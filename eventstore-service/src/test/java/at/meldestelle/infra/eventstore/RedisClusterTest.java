package at.meldestelle.infra.eventstore;

import at.meldestelle.infra.shared.messaging.Topics;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisClusterTestResource;
import at.meldestelle.infra.shared.testing.TopicReader;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import at.meldestelle.infra.eventstore.subscription.SseClient;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static at.meldestelle.infra.eventstore.StreamResourceTest.batch;
import static at.meldestelle.infra.eventstore.StreamResourceTest.event;
import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole event store on a real three-master Redis Cluster: every script's keys share their
 * partition's hash tag, so each operation runs in one slot, on whichever master holds it.
 */
@QuarkusTest
@WithTestResource(RedisClusterTestResource.class)
@WithTestResource(KafkaTestResource.class)
class RedisClusterTest {

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URL base;

    @Test
    void everyOperationWorksOnStreamsSpreadOverAllMasters() {
        String category = "c" + UUID.randomUUID().toString().replace("-", "");
        int streams = 24;
        Set<String> masters = new HashSet<>();
        for (int s = 0; s < streams; s++) {
            String stream = category + "-" + s;
            given().contentType(ContentType.JSON).body(batch("no_stream", event("Counted", "{\"s\":" + s + "}"),
                    event("Counted", "{\"s\":" + s + "}"))).post("/streams/{s}/events", stream).then().statusCode(201)
                    .body("lastVersion", equalTo(2));
            given().get("/streams/{s}/events", stream).then().statusCode(200).body("", hasSize(2));
            given().get("/streams/{s}/verify", stream).then().statusCode(200).body("intact", equalTo(true));
            masters.add(masterOf(stream));
        }
        assertEquals(3, masters.size(), "the streams' partitions live on all three masters");
        subscribeThroughTheTails(category, streams * 2);

        String first = category + "-0";
        given().contentType(ContentType.JSON).body("{\"maxCount\":1}").put("/streams/{s}/metadata", first).then().statusCode(204);
        given().get("/streams/{s}/events", first).then().body("version", equalTo(List.of(2)));
        given().contentType(ContentType.JSON).body("{\"version\":2,\"data\":{}}").put("/streams/{s}/snapshot", first).then().statusCode(204);
        given().get("/streams/{s}/snapshot", first).then().statusCode(200).body("version", equalTo(2));
        given().delete("/streams/{s}?hard=true", category + "-1").then().statusCode(204);
        given().get("/streams/{s}", category + "-1").then().statusCode(410);

        String group = "g" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("{\"category\":\"" + category + "\"}").put("/subscriptions/{g}", group)
                .then().statusCode(201);
        List<String> delivered = given().queryParam("consumer", "a").queryParam("max", 100).post("/subscriptions/{g}/read", group)
                .then().statusCode(200).extract().jsonPath().getList("event.stream");
        // Stream 0 keeps one event after trimming, stream 1 was deleted, one live event: 22 x 2 + 1 + 1.
        assertEquals(46, delivered.size());

        List<ConsumerRecord<String, String>> records = TopicReader.read(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), Topics.EVENTSTORE_EVENTS,
                record -> record.key().startsWith(category + "-"), got -> got.size() >= streams * 2 + 1, Duration.ofSeconds(60));
        assertTrue(records.size() >= streams * 2 + 1, records.size() + " of " + (streams * 2 + 1) + " events forwarded");
    }

    /** A category subscription catches up over every partition, then a live event comes through the cluster's tail reads. */
    private void subscribeThroughTheTails(String category, int existing) {
        try (SseClient sse = SseClient.open(URI.create(base.toString()).resolve("/categories/" + category + "/subscribe"), Map.of())) {
            int events = 0;
            SseClient.Frame frame;
            while ((frame = sse.next(Duration.ofSeconds(15))) != null && !"live".equals(frame.event())) {
                events += frame.event() == null ? 1 : 0;
            }
            assertEquals(existing, events);
            given().contentType(ContentType.JSON).body(batch("any", event("Counted", "{}"))).post("/streams/{s}/events", category + "-live")
                    .then().statusCode(201);
            while ((frame = sse.next(Duration.ofSeconds(15))) != null && frame.event() != null) {
                assertTrue(frame.event().equals("checkpoint"), frame.toString());
            }
            assertTrue(frame != null && frame.data().contains(category + "-live"), "the live event came");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The master serving the stream's partition slot, as CLUSTER KEYSLOT and CLUSTER SLOTS tell. */
    private String masterOf(String stream) {
        int partition = new at.meldestelle.infra.eventstore.stream.StreamName(stream).partition(
                ConfigProvider.getConfig().getValue("eventstore.partitions", Integer.class));
        long slot = redis.execute("CLUSTER", "KEYSLOT", "es:{p" + partition + "}:pos").toLong();
        for (var range : redis.execute("CLUSTER", "SLOTS")) {
            if (range.get(0).toLong() <= slot && slot <= range.get(1).toLong()) {
                return range.get(2).get(1).toString();
            }
        }
        throw new AssertionError("no master serves slot " + slot);
    }
}
