package at.meldestelle.infra.eventstore;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Optimistic concurrency under contention: writers that retry on 409 never lose or double an event. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class ConcurrentWritersTest {

    @Test
    void eightWritersOfTwoHundredEventsGiveVersionsOneTo1600() throws Exception {
        String stream = "event-" + UUID.randomUUID();
        int writers = 8;
        int perWriter = 200;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            tasks.add(() -> write(stream, perWriter));
        }
        Set<String> written = new HashSet<>();
        try {
            for (Future<List<String>> result : pool.invokeAll(tasks)) {
                written.addAll(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(writers * perWriter, written.size());

        List<Long> versions = new ArrayList<>();
        Set<String> stored = new HashSet<>();
        for (long from = 1; from <= writers * perWriter; from += 1000) {
            Response page = given().queryParam("from", from).queryParam("limit", 1000).get("/streams/{s}/events", stream);
            versions.addAll(page.jsonPath().getList("version", Long.class));
            stored.addAll(page.jsonPath().getList("eventId", String.class));
        }
        List<Long> expected = new ArrayList<>();
        for (long v = 1; v <= writers * perWriter; v++) {
            expected.add(v);
        }
        assertEquals(expected, versions);
        assertEquals(written, stored, "every eventId exactly once");
    }

    /** Appends events one by one with the version it last saw, rereading the version after each 409. */
    private static List<String> write(String stream, int count) {
        List<String> ids = new ArrayList<>();
        long expected = -1;
        while (ids.size() < count) {
            if (expected < 0) {
                Response info = given().get("/streams/{s}", stream);
                expected = info.statusCode() == 404 ? 0 : info.jsonPath().getLong("version");
            }
            String id = UUID.randomUUID().toString();
            Response response = given().contentType(ContentType.JSON)
                    .body("{\"expectedVersion\":" + expected + ",\"events\":[{\"eventId\":\"" + id + "\",\"type\":\"Entered\",\"data\":{}}]}")
                    .post("/streams/{s}/events", stream);
            if (response.statusCode() == 201) {
                ids.add(id);
                expected = response.jsonPath().getLong("lastVersion");
            } else if (response.statusCode() == 409) {
                expected = response.jsonPath().getLong("currentVersion");
            } else {
                throw new AssertionError("append answered " + response.statusCode() + ": " + response.asString());
            }
        }
        return ids;
    }
}
