package at.meldestelle.infra.eventstore.subscription;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static at.meldestelle.infra.eventstore.StreamResourceTest.batch;
import static at.meldestelle.infra.eventstore.StreamResourceTest.event;
import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class SubscriptionTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    private URI uri(String path) {
        return URI.create(base.toString()).resolve(path);
    }

    /** A category no other test writes to: letters only, as a category may not contain a dash. */
    private static String category() {
        return "c" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void append(String stream, int events) {
        String[] batch = new String[events];
        for (int i = 0; i < events; i++) {
            batch[i] = event("Counted", "{\"i\":" + i + "}");
        }
        given().contentType(ContentType.JSON).body(batch("any", batch)).post("/streams/{s}/events", stream)
                .then().statusCode(201);
    }

    private static JsonNode json(SseClient.Frame frame) throws Exception {
        return JSON.readTree(frame.data());
    }

    @Test
    void aStreamSubscriptionCatchesUpThenGoesLiveWithoutGapOrDuplicateWhileWritersAppend() throws Exception {
        String stream = category() + "-1";
        for (int i = 0; i < 30; i++) {
            append(stream, 10);
        }
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> writing = writer.submit(() -> {
            for (int i = 0; i < 100; i++) {
                append(stream, 1 + i % 5);
            }
        });
        int total = 300 + 300;
        List<Long> versions = new ArrayList<>();
        int liveMarkers = 0;
        try (SseClient sse = SseClient.open(uri("/streams/" + stream + "/subscribe?from=1"), Map.of())) {
            assertEquals(200, sse.status());
            assertTrue(sse.header("Content-Type").startsWith("text/event-stream"));
            while (versions.size() < total) {
                SseClient.Frame frame = sse.next(WAIT);
                assertNotNull(frame, "no frame within " + WAIT + " after version " + (versions.isEmpty() ? 0 : versions.get(versions.size() - 1)));
                if ("live".equals(frame.event())) {
                    liveMarkers++;
                } else if (frame.event() == null) {
                    long version = json(frame).get("version").asLong();
                    assertEquals(version, Long.parseLong(frame.id()));
                    versions.add(version);
                }
            }
            writing.get(60, TimeUnit.SECONDS);
            assertNull(dataFrame(sse, Duration.ofMillis(500)), "nothing beyond the appended events");
        } finally {
            writer.shutdownNow();
        }
        for (int i = 0; i < total; i++) {
            assertEquals(i + 1, versions.get(i), "version at index " + i);
        }
        assertEquals(1, liveMarkers);
    }

    /** The next event frame (not a marker), or null. */
    private static SseClient.Frame dataFrame(SseClient sse, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        SseClient.Frame frame;
        while ((frame = sse.next(Duration.ofNanos(Math.max(1, until - System.nanoTime())))) != null) {
            if (frame.event() == null) {
                return frame;
            }
        }
        return null;
    }

    @Test
    void aStreamSubscriptionFromTheEndGetsOnlyNewEventsAndResumesAfterLastEventId() throws Exception {
        String stream = category() + "-1";
        append(stream, 5);
        try (SseClient sse = SseClient.open(uri("/streams/" + stream + "/subscribe?from=end"), Map.of())) {
            SseClient.Frame live = sse.next(WAIT);
            assertEquals("live", live.event());
            assertEquals(6, json(live).get("next").asInt());
            append(stream, 2);
            assertEquals("6", dataFrame(sse, WAIT).id());
            assertEquals("7", dataFrame(sse, WAIT).id());
        }
        try (SseClient sse = SseClient.open(uri("/streams/" + stream + "/subscribe"), Map.of("Last-Event-ID", "6"))) {
            assertEquals("7", dataFrame(sse, WAIT).id());
            assertNull(dataFrame(sse, Duration.ofMillis(300)));
        }
    }

    @Test
    void aSubscriptionToAStreamThatDoesNotExistYetWaitsForItsFirstEvent() throws Exception {
        String stream = category() + "-1";
        try (SseClient sse = SseClient.open(uri("/streams/" + stream + "/subscribe"), Map.of())) {
            assertEquals("live", sse.next(WAIT).event());
            append(stream, 1);
            assertEquals("1", dataFrame(sse, WAIT).id());
        }
    }

    @Test
    void aCategorySubscriptionDeliversEveryStreamInOrderOnceAndResumesFromItsCheckpoint() throws Exception {
        String category = category();
        int streams = 12;
        Map<String, Integer> appended = new HashMap<>();
        for (int s = 0; s < streams; s++) {
            append(category + "-" + s, 3);
            appended.merge(category + "-" + s, 3, Integer::sum);
        }
        append("other-" + category, 4);
        ExecutorService writers = Executors.newFixedThreadPool(3);
        List<Future<?>> writing = new ArrayList<>();
        Map<String, Integer> concurrent = new java.util.concurrent.ConcurrentHashMap<>();
        for (int w = 0; w < 3; w++) {
            writing.add(writers.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    String stream = category + "-" + ThreadLocalRandom.current().nextInt(streams);
                    int n = 1 + i % 3;
                    append(stream, n);
                    concurrent.merge(stream, n, Integer::sum);
                }
            }));
        }
        Map<String, List<Long>> received = new HashMap<>();
        String checkpoint = null;
        try (SseClient sse = SseClient.open(uri("/categories/" + category + "/subscribe"), Map.of())) {
            for (Future<?> f : writing) {
                f.get(60, TimeUnit.SECONDS);
            }
            concurrent.forEach((stream, n) -> appended.merge(stream, n, Integer::sum));
            int total = appended.values().stream().mapToInt(Integer::intValue).sum();
            int count = 0;
            while (count < total) {
                SseClient.Frame frame = sse.next(WAIT);
                assertNotNull(frame, "no frame within " + WAIT + " after " + count + " of " + total + " events");
                if (frame.event() == null) {
                    JsonNode event = json(frame);
                    received.computeIfAbsent(event.get("stream").asText(), s -> new ArrayList<>()).add(event.get("version").asLong());
                    count++;
                } else if ("checkpoint".equals(frame.event())) {
                    checkpoint = frame.id();
                }
            }
            SseClient.Frame frame;
            while ((frame = sse.next(Duration.ofMillis(300))) != null) {
                assertTrue(frame.event() != null, "no event beyond those appended: " + frame);
                checkpoint = "checkpoint".equals(frame.event()) ? frame.id() : checkpoint;
            }
        } finally {
            writers.shutdownNow();
        }
        assertEquals(appended.keySet(), received.keySet(), "only the category's streams, all of them");
        appended.forEach((stream, n) -> {
            List<Long> expected = new ArrayList<>();
            for (long v = 1; v <= n; v++) {
                expected.add(v);
            }
            assertEquals(expected, received.get(stream), stream);
        });

        assertNotNull(checkpoint);
        append(category + "-0", 2);
        try (SseClient sse = SseClient.open(uri("/categories/" + category + "/subscribe"), Map.of("Last-Event-ID", checkpoint))) {
            int next = appended.get(category + "-0") + 1;
            for (int v = next; v < next + 2; v++) {
                JsonNode event = json(dataFrame(sse, WAIT));
                assertEquals(category + "-0", event.get("stream").asText());
                assertEquals(v, event.get("version").asInt());
            }
            assertNull(dataFrame(sse, Duration.ofMillis(300)), "nothing before the checkpoint again");
        }
    }

    @Test
    void aCategorySubscriberFromTheEndJoiningALongWatchedCategoryGetsOnlyNewEvents() throws Exception {
        String category = category();
        try (SseClient early = SseClient.open(uri("/categories/" + category + "/subscribe"), Map.of())) {
            assertEquals("live", early.next(WAIT).event());
            for (int s = 0; s < 10; s++) {
                append(category + "-" + s, 3);
            }
            int seen = 0;
            while (seen < 30) {
                SseClient.Frame frame = early.next(WAIT);
                assertNotNull(frame, "the early subscriber got " + seen + " of 30");
                seen += frame.event() == null ? 1 : 0;
            }
            try (SseClient late = SseClient.open(uri("/categories/" + category + "/subscribe?from=end"), Map.of())) {
                assertEquals("live", late.next(WAIT).event());
                append(category + "-new", 1);
                JsonNode event = json(dataFrame(late, WAIT));
                assertEquals(category + "-new", event.get("stream").asText());
                assertNull(dataFrame(late, Duration.ofMillis(500)), "nothing from before it subscribed");
            }
        }
    }

    @Test
    void largeEventsThatCutPagesByBytesAllArriveBeforeTheSwitchToLive() throws Exception {
        String category = category();
        String blob = "\"" + "x".repeat(600_000) + "\"";
        for (int i = 0; i < 10; i++) {
            given().contentType(ContentType.JSON).body(batch("any", event("Big", "{\"blob\":" + blob + "}")))
                    .post("/streams/{s}/events", category + "-1").then().statusCode(201);
        }
        for (String path : List.of("/categories/" + category + "/subscribe", "/streams/" + category + "-1/subscribe")) {
            try (SseClient sse = SseClient.open(uri(path), Map.of())) {
                int events = 0;
                SseClient.Frame frame;
                while ((frame = sse.next(WAIT)) != null && !"live".equals(frame.event())) {
                    events += frame.event() == null ? 1 : 0;
                }
                assertEquals(10, events, path + ": every event before the live marker");
            }
        }
        given().get("/streams/{s}/verify", category + "-1").then().statusCode(200)
                .body("intact", org.hamcrest.Matchers.equalTo(true)).body("eventsChecked", org.hamcrest.Matchers.equalTo(10));
    }

    @Test
    void aLiveSubscriberHearsOfAHardDeletionAndTheStreamEnds() throws Exception {
        String stream = category() + "-1";
        append(stream, 2);
        try (SseClient sse = SseClient.open(uri("/streams/" + stream + "/subscribe"), Map.of())) {
            SseClient.Frame frame;
            while ((frame = sse.next(WAIT)) != null && !"live".equals(frame.event())) {
                assertNotNull(frame);
            }
            given().delete("/streams/{s}?hard=true", stream).then().statusCode(204);
            SseClient.Frame deleted = sse.next(WAIT);
            assertNotNull(deleted, "no word of the deletion");
            assertEquals("deleted", deleted.event());
        }
    }

    @Test
    void badSubscriptionRequestsGetProblemsBeforeTheStreamOpens() throws Exception {
        String stream = category() + "-1";
        append(stream, 1);
        given().delete("/streams/{s}?hard=true", stream).then().statusCode(204);
        Map<String, Integer> cases = new java.util.LinkedHashMap<>();
        cases.put("/streams/" + stream + "/subscribe", 410);
        cases.put("/streams/bad%7Bname%7D/subscribe", 400);
        cases.put("/streams/ok-1/subscribe?from=abc", 400);
        cases.put("/streams/ok-1/subscribe?from=0", 400);
        cases.put("/streams/ok-1/subscribe?from=99999999999999999999", 400);
        cases.put("/categories/has-dash/subscribe", 400);
        cases.put("/categories/member/subscribe?from=99:1", 400);
        cases.put("/categories/member/subscribe?from=1:2,,3:4", 400);
        cases.put("/categories/member/subscribe?from=" + "1:1,".repeat(300) + "1:1", 400);
        for (Map.Entry<String, Integer> c : cases.entrySet()) {
            try (SseClient sse = SseClient.open(uri(c.getKey()), Map.of())) {
                assertEquals(c.getValue(), sse.status(), c.getKey());
                assertEquals("application/problem+json", sse.header("Content-Type"), c.getKey());
                assertTrue(sse.body().contains("\"status\":" + c.getValue()), c.getKey());
            }
        }
        for (String lastEventId : List.of("x", "-1", "1e3")) {
            try (SseClient sse = SseClient.open(uri("/streams/ok-1/subscribe"), Map.of("Last-Event-ID", lastEventId))) {
                assertEquals(400, sse.status(), lastEventId);
            }
        }
        try (SseClient sse = SseClient.open(uri("/categories/member/subscribe"), Map.of("Last-Event-ID", "7:x"))) {
            assertEquals(400, sse.status());
        }
    }
}
