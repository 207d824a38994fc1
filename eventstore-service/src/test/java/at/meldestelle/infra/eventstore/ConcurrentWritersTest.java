package at.meldestelle.infra.eventstore;

import at.meldestelle.infra.shared.clients.eventstore.EventStoreClient;
import at.meldestelle.infra.shared.testing.AdminRequests;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterAll;
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

import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Optimistic concurrency under contention: writers that retry on 409 never lose or double an event. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class ConcurrentWritersTest {

    private static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void closeVertx() {
        VERTX.closeAndAwait();
    }

    @Test
    void eightWritersOfTwoHundredEventsGiveVersionsOneTo1600() throws Exception {
        EventStoreClient client = EventStoreClient.create(VERTX, RestAssured.baseURI + ":" + RestAssured.port).withBearerToken(AdminRequests::adminToken);
        String stream = "event-" + UUID.randomUUID();
        int writers = 8;
        int perWriter = 200;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            tasks.add(() -> ConflictingWriter.write(client, stream, perWriter));
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
}
