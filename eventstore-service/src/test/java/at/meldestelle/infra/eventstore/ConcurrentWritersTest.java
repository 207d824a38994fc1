package at.meldestelle.infra.eventstore;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * Appends events one by one with the version it last saw, taking the current version from each
     * 409. A plain keep-alive HTTP client: thousands of requests, most of them conflicts.
     */
    private static List<String> write(String stream, int count) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/streams/" + stream + "/events");
        List<String> ids = new ArrayList<>();
        long expected = 0;
        while (ids.size() < count) {
            String id = UUID.randomUUID().toString();
            String body = "{\"expectedVersion\":" + expected + ",\"events\":[{\"eventId\":\"" + id + "\",\"type\":\"Entered\",\"data\":{}}]}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher version = VERSION.matcher(response.body());
            if ((response.statusCode() != 201 && response.statusCode() != 409) || !version.find()) {
                throw new AssertionError("append answered " + response.statusCode() + ": " + response.body());
            }
            if (response.statusCode() == 201) {
                ids.add(id);
            }
            expected = Long.parseLong(version.group(1));
        }
        return ids;
    }

    private static final Pattern VERSION = Pattern.compile("\"(?:lastVersion|currentVersion)\":(\\d+)");
}
