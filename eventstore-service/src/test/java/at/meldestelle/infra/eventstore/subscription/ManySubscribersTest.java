package at.meldestelle.infra.eventstore.subscription;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static at.meldestelle.infra.eventstore.StreamResourceTest.batch;
import static at.meldestelle.infra.eventstore.StreamResourceTest.event;
import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class ManySubscribersTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    RedisDataSource redis;

    private URI uri(String path) {
        return URI.create(base.toString()).resolve(path);
    }

    private static String category() {
        return "c" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void append(String stream, String... events) {
        given().contentType(ContentType.JSON).body(batch("any", events)).post("/streams/{s}/events", stream)
                .then().statusCode(201);
    }

    /** Versions of the next event frames, skipping markers. */
    private static List<Long> versions(SseClient sse, int count) throws Exception {
        List<Long> versions = new ArrayList<>();
        while (versions.size() < count) {
            SseClient.Frame frame = sse.next(WAIT);
            assertNotNull(frame, "no frame within " + WAIT + " after " + versions);
            if (frame.event() == null) {
                versions.add(JSON.readTree(frame.data()).get("version").asLong());
            }
        }
        return versions;
    }

    @Test
    void aThousandIdleSubscribersShareThePartitionTailsAndLeaveRedisToAppendsAndReads() throws Exception {
        String category = category();
        int subscribers = 1000;
        List<CompletableFuture<HttpResponse<InputStream>>> opening = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            opening.add(SseClient.connect(uri("/streams/" + category + "-" + i + "/subscribe"), Map.of()));
        }
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        for (CompletableFuture<HttpResponse<InputStream>> response : opening) {
            open.add(response.get(60, TimeUnit.SECONDS));
            assertEquals(200, open.get(open.size() - 1).statusCode());
        }
        try {
            long redisClients = redis.execute("CLIENT", "LIST").toString().lines().count();
            assertTrue(redisClients < 100, subscribers + " subscribers hold " + redisClients + " Redis connections");

            append(category + "-7", event("Counted", "{}"), event("Counted", "{}"));
            given().get("/streams/{s}/events", category + "-7").then().statusCode(200);
            try (SseClient sse = SseClient.reading(open.get(7))) {
                assertEquals(List.of(1L, 2L), versions(sse, 2));
            }
            append(category + "-999", event("Counted", "{}"));
            try (SseClient sse = SseClient.reading(open.get(999))) {
                assertEquals(List.of(1L), versions(sse, 1));
            }
        } finally {
            for (HttpResponse<InputStream> response : open) {
                response.body().close();
            }
        }
    }

    @Test
    void aClientTooSlowForLivePushesGetsEveryEventInOrderThroughReads() throws Exception {
        String stream = category() + "-1";
        CompletableFuture<HttpResponse<InputStream>> opening = SseClient.connect(uri("/streams/" + stream + "/subscribe"), Map.of());
        HttpResponse<InputStream> response = opening.get(10, TimeUnit.SECONDS);
        String big = "\"" + "x".repeat(100_000) + "\"";
        int events = 200;
        for (int i = 0; i < events; i++) {
            append(stream, event("Big", "{\"i\":" + i + ",\"blob\":" + big + "}"));
        }
        try (SseClient sse = SseClient.reading(response)) {
            List<Long> expected = new ArrayList<>();
            for (long v = 1; v <= events; v++) {
                expected.add(v);
            }
            assertEquals(expected, versions(sse, events));
        }
    }
}
