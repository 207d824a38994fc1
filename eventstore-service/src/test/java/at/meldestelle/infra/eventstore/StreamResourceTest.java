package at.meldestelle.infra.eventstore;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.eventstore.redis.RedisStreamStore;
import at.meldestelle.infra.eventstore.stream.StreamName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
public class StreamResourceTest {

    @Inject
    RedisStreamStore store;

    @Inject
    RedisDataSource redis;

    private static String stream() {
        return "member-" + UUID.randomUUID();
    }

    public static String event(String type, String data) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"data\":" + data + "}";
    }

    public static String batch(Object expectedVersion, String... events) {
        String expected = expectedVersion instanceof String s ? "\"" + s + "\"" : String.valueOf(expectedVersion);
        return "{\"expectedVersion\":" + expected + ",\"events\":[" + String.join(",", events) + "]}";
    }

    private static Response append(String stream, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/streams/{s}/events", stream);
    }

    @Test
    void appendsABatchAndReadsItBackInOrder() {
        String stream = stream();
        append(stream, batch("no_stream", event("MemberRegistered", "{\"name\":\"Anna\"}"),
                event("MemberRenamed", "{\"name\":\"Anna Maria\"}")))
                .then().statusCode(201)
                .body("firstVersion", equalTo(1)).body("lastVersion", equalTo(2));
        append(stream, batch(2, event("MemberMoved", "{\"city\":\"Graz\"}")))
                .then().statusCode(201).body("firstVersion", equalTo(3)).body("lastVersion", equalTo(3));

        given().get("/streams/{s}/events", stream).then().statusCode(200)
                .body("", hasSize(3))
                .body("[0].version", equalTo(1)).body("[0].type", equalTo("MemberRegistered"))
                .body("[0].data.name", equalTo("Anna")).body("[0].schemaVersion", equalTo(1))
                .body("[0].recordedAt", notNullValue()).body("[0].position", matchesPattern("\\d+/\\d+"))
                .body("[2].version", equalTo(3)).body("[2].data.city", equalTo("Graz"));
        given().queryParam("from", 2).queryParam("limit", 1).get("/streams/{s}/events", stream).then()
                .statusCode(200).body("", hasSize(1)).body("[0].version", equalTo(2));
        given().queryParam("direction", "backward").get("/streams/{s}/events", stream).then()
                .statusCode(200).body("version", equalTo(List.of(3, 2, 1)));
    }

    @Test
    void wrongExpectedVersionIsAConflictThatNamesTheCurrentVersion() {
        String stream = stream();
        append(stream, batch("any", event("A", "1"))).then().statusCode(201);
        append(stream, batch(5, event("B", "2"))).then().statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409)).body("currentVersion", equalTo(1))
                .body("type", equalTo("https://meldestelle.at/problems/wrong-expected-version"));
        append(stream, batch("no_stream", event("B", "2"))).then().statusCode(409).body("currentVersion", equalTo(1));
        append(stream(), batch("stream_exists", event("B", "2"))).then().statusCode(409).body("currentVersion", equalTo(0));
    }

    @Test
    void resendingABatchReturnsTheOriginalResultAndStoresNothingTwice() {
        String stream = stream();
        String body = batch("no_stream", event("A", "{}"), event("B", "{}"));
        append(stream, body).then().statusCode(201).body("firstVersion", equalTo(1)).body("lastVersion", equalTo(2));
        append(stream, body).then().statusCode(201).body("firstVersion", equalTo(1)).body("lastVersion", equalTo(2));
        given().get("/streams/{s}/events", stream).then().body("", hasSize(2));
    }

    @Test
    void concurrentAppendsWithTheSameExpectedVersionLetExactlyOneWin() throws Exception {
        String stream = stream();
        append(stream, batch("no_stream", event("Created", "{}"))).then().statusCode(201);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                tasks.add(() -> append(stream, batch(1, event("Changed", "{}"))).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "statuses: " + statuses);
            assertEquals(writers - 1, statuses.stream().filter(s -> s == 409).count(), "statuses: " + statuses);
        } finally {
            pool.shutdownNow();
        }
        given().get("/streams/{s}/events", stream).then().body("", hasSize(2));
    }

    @Test
    void badInputGetsAClearProblemNeverA500() {
        String stream = stream();
        append(stream, "{not json").then().statusCode(400).contentType("application/problem+json")
                .body("detail", startsWith("The request body is not valid JSON"));
        append(stream, "{\"events\":[]}").then().statusCode(400).body("detail", equalTo("events must be a non-empty array."));
        append(stream, "{\"events\":[{\"eventId\":\"nope\",\"type\":\"A\",\"data\":{}}]}").then().statusCode(400)
                .body("detail", equalTo("events[0].eventId must be a UUID, not 'nope'."));
        append(stream, batch("sometimes", event("A", "{}"))).then().statusCode(400);
        append("has space", batch("any", event("A", "{}"))).then().statusCode(400);
        given().contentType(ContentType.TEXT).body("hello").post("/streams/{s}/events", stream).then()
                .statusCode(415).contentType("application/problem+json");
        given().get("/streams/{s}/events", stream).then().statusCode(404).contentType("application/problem+json");
        given().queryParam("limit", "0").get("/streams/{s}/events", stream).then().statusCode(400);
        given().queryParam("direction", "sideways").get("/streams/{s}/events", stream).then().statusCode(400);
        given().get("/no/such/path").then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(new byte[4 * 1024 * 1024]).post("/streams/{s}/events", stream)
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void correlationIdIsEchoedOrCreated() {
        given().header("X-Correlation-ID", "abc-123").get("/streams/{s}/events", stream())
                .then().header("X-Correlation-ID", equalTo("abc-123"));
        given().get("/streams/{s}/events", stream())
                .then().header("X-Correlation-ID", matchesPattern("[0-9a-f-]{36}"));
        given().header("X-Correlation-ID", "bad value\twith control").get("/streams/{s}/events", stream())
                .then().header("X-Correlation-ID", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void anInconsistentStreamIsRefusedWithoutWritingAnything() {
        String stream = stream();
        append(stream, batch("no_stream", event("A", "{}"), event("B", "{}"))).then().statusCode(201);
        int partition = store.partitionOf(StreamName.parse(stream));
        String keys = "es:{p" + partition + "}:";
        redis.hash(String.class).hset(keys + "m:" + stream, "version", "1");   // as if the meta hash had been lost and rebuilt wrongly

        append(stream, batch("any", event("C", "{}"))).then().statusCode(500).contentType("application/problem+json");

        assertEquals(2, redis.stream(String.class).xlen(keys + "s:" + stream), "no event was added");
        assertEquals(2, redis.hash(String.class).hlen(keys + "ids:" + stream), "no event id was recorded");
    }

    @Test
    void readinessReflectsRedisAndKafka() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
