package at.meldestelle.infra.eventstore;

import at.meldestelle.infra.eventstore.redis.RedisStreamStore;
import at.meldestelle.infra.eventstore.stream.StreamName;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.UUID;

import static at.meldestelle.infra.eventstore.StreamResourceTest.batch;
import static at.meldestelle.infra.eventstore.StreamResourceTest.event;
import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Stream info, metadata and retention, deletes, snapshots, eventId reuse and size limits, over HTTP against a real Redis. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class StreamLifecycleTest {

    @Inject
    RedisStreamStore store;

    @Inject
    RedisDataSource redis;

    private static String stream() {
        return "horse-" + UUID.randomUUID();
    }

    private static Response append(String stream, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/streams/{s}/events", stream);
    }

    private static void appendEvents(String stream, int count) {
        for (int i = 0; i < count; i++) {
            append(stream, batch("any", event("Fed", "{\"n\":" + i + "}"))).then().statusCode(201);
        }
    }

    private long idIndexSize(String stream) {
        return redis.hash(String.class).hlen("es:{p" + store.partitionOf(StreamName.parse(stream)) + "}:ids:" + stream);
    }

    @Test
    void streamInfoNamesVersionMetadataAndDeletion() {
        String stream = stream();
        given().get("/streams/{s}", stream).then().statusCode(404).contentType("application/problem+json");
        appendEvents(stream, 3);
        given().get("/streams/{s}", stream).then().statusCode(200)
                .body("version", equalTo(3)).body("deleted", equalTo(false)).body("metadata", equalTo(java.util.Map.of()));
        given().contentType(ContentType.JSON).body("{\"maxCount\":10,\"owner\":\"stable-7\"}")
                .put("/streams/{s}/metadata", stream).then().statusCode(204);
        given().get("/streams/{s}", stream).then().statusCode(200)
                .body("metadata.maxCount", equalTo(10)).body("metadata.owner", equalTo("stable-7"));
    }

    @Test
    void maxCountTrimsOldEventsAndTheirIdsWithoutChangingVersions() {
        String stream = stream();
        appendEvents(stream, 10);
        given().contentType(ContentType.JSON).body("{\"maxCount\":3}").put("/streams/{s}/metadata", stream).then().statusCode(204);
        given().get("/streams/{s}/events", stream).then().statusCode(200).body("version", equalTo(List.of(8, 9, 10)));
        assertEquals(3, idIndexSize(stream), "trimmed events leave the eventId index");

        appendEvents(stream, 2);
        given().get("/streams/{s}/events", stream).then().body("version", equalTo(List.of(10, 11, 12)));
        given().get("/streams/{s}", stream).then().body("version", equalTo(12));
        assertEquals(3, idIndexSize(stream));
    }

    @Test
    void maxAgeHidesAndTrimsExpiredEvents() throws InterruptedException {
        String stream = stream();
        appendEvents(stream, 2);
        given().contentType(ContentType.JSON).body("{\"maxAge\":1}").put("/streams/{s}/metadata", stream).then().statusCode(204);
        Thread.sleep(1100);
        given().get("/streams/{s}/events", stream).then().statusCode(200).body("", hasSize(0));
        appendEvents(stream, 1);
        given().get("/streams/{s}/events", stream).then().body("version", equalTo(List.of(3)));
        assertEquals(1, idIndexSize(stream), "the append trimmed the expired events and their ids");
    }

    @Test
    void badMetadataIsRefused() {
        String stream = stream();
        for (String body : List.of("[]", "{\"maxCount\":0}", "{\"maxCount\":\"ten\"}", "{\"maxAge\":1.5}", "{\"maxAge\":-3}")) {
            given().contentType(ContentType.JSON).body(body).put("/streams/{s}/metadata", stream)
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void softDeleteHidesTheStreamAndARecreatedOneContinuesItsVersions() {
        String stream = stream();
        appendEvents(stream, 2);
        given().queryParam("expectedVersion", 1).delete("/streams/{s}", stream).then().statusCode(409).body("currentVersion", equalTo(2));
        given().delete("/streams/{s}", stream).then().statusCode(204);
        given().get("/streams/{s}/events", stream).then().statusCode(404).body("detail", containsString("was deleted"));
        given().get("/streams/{s}", stream).then().statusCode(200).body("deleted", equalTo(true)).body("version", equalTo(2));
        assertEquals(0, idIndexSize(stream));

        append(stream, batch("no_stream", event("Reborn", "{}"))).then().statusCode(201).body("firstVersion", equalTo(3));
        given().get("/streams/{s}/events", stream).then().statusCode(200).body("version", equalTo(List.of(3)));
        given().get("/streams/{s}", stream).then().body("deleted", equalTo(false));
    }

    @Test
    void hardDeleteLeavesATombstone() {
        String stream = stream();
        appendEvents(stream, 2);
        given().queryParam("hard", "true").delete("/streams/{s}", stream).then().statusCode(204);
        given().get("/streams/{s}/events", stream).then().statusCode(410).contentType("application/problem+json")
                .body("type", equalTo("https://meldestelle.at/problems/stream-deleted"));
        given().get("/streams/{s}", stream).then().statusCode(410);
        append(stream, batch("any", event("Zombie", "{}"))).then().statusCode(410);
        given().delete("/streams/{s}", stream).then().statusCode(410);
        given().contentType(ContentType.JSON).body("{\"maxCount\":1}").put("/streams/{s}/metadata", stream).then().statusCode(410);
        given().queryParam("hard", "maybe").delete("/streams/{s}", stream()).then().statusCode(400);
        given().delete("/streams/{s}", stream()).then().statusCode(404);
    }

    @Test
    void snapshotsKeepTheLatestVersion() {
        String stream = stream();
        given().get("/streams/{s}/snapshot", stream).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"version\":1,\"data\":{}}").put("/streams/{s}/snapshot", stream).then().statusCode(404);
        appendEvents(stream, 5);
        given().contentType(ContentType.JSON).body("{\"version\":4,\"data\":{\"fed\":4}}").put("/streams/{s}/snapshot", stream)
                .then().statusCode(204);
        given().get("/streams/{s}/snapshot", stream).then().statusCode(200)
                .body("version", equalTo(4)).body("data.fed", equalTo(4));
        given().contentType(ContentType.JSON).body("{\"version\":3,\"data\":{}}").put("/streams/{s}/snapshot", stream)
                .then().statusCode(409).body("storedVersion", equalTo(4));
        given().contentType(ContentType.JSON).body("{\"version\":6,\"data\":{}}").put("/streams/{s}/snapshot", stream)
                .then().statusCode(409).body("currentVersion", equalTo(5));
        for (String bad : List.of("{\"data\":{}}", "{\"version\":0,\"data\":{}}", "{\"version\":\"4\",\"data\":{}}", "{\"version\":4}", "[]")) {
            given().contentType(ContentType.JSON).body(bad).put("/streams/{s}/snapshot", stream).then().statusCode(400);
        }
        given().delete("/streams/{s}", stream).then().statusCode(204);
        given().get("/streams/{s}/snapshot", stream).then().statusCode(404);
    }

    @Test
    void anEventIdReusedWithOtherContentIsAConflict() {
        String stream = stream();
        String id = UUID.randomUUID().toString();
        append(stream, batch("any", "{\"eventId\":\"" + id + "\",\"type\":\"Shod\",\"data\":{\"a\":1,\"b\":2}}"))
                .then().statusCode(201).body("firstVersion", equalTo(1));
        // Same content, members in another order: the same event, stored once.
        append(stream, batch("any", "{\"eventId\":\"" + id + "\",\"type\":\"Shod\",\"data\":{\"b\":2,\"a\":1}}"))
                .then().statusCode(201).body("firstVersion", equalTo(1));
        append(stream, batch("any", "{\"eventId\":\"" + id + "\",\"type\":\"Shod\",\"data\":{\"a\":2,\"b\":2}}"))
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://meldestelle.at/problems/event-id-reused")).body("index", equalTo(0));
        given().get("/streams/{s}/events", stream).then().body("", hasSize(1));
    }

    @Test
    void oversizedEventsAre413AndNothingIsStored() {
        String stream = stream();
        String big = "\"" + "x".repeat(1024 * 1024) + "\"";
        append(stream, batch("any", event("Huge", big))).then().statusCode(413).contentType("application/problem+json");
        String half = "\"" + "x".repeat(600 * 1024) + "\"";
        append(stream, batch("any", event("Half", half), event("Half", half))).then().statusCode(413)
                .body("detail", containsString("per append"));
        given().get("/streams/{s}", stream).then().statusCode(404);

        // A chunked body (no Content-Length) over the HTTP limit is cut off too.
        byte[] body = batch("any", event("Huge", "\"" + "y".repeat(4 * 1024 * 1024) + "\"")).getBytes();
        int status = given().contentType(ContentType.JSON).body(new ByteArrayInputStream(body))
                .post("/streams/{s}/events", stream).statusCode();
        assertEquals(413, status);
        given().get("/streams/{s}", stream).then().statusCode(404);
    }

    @Test
    void pagesStopAtTheByteBudgetAndLinkTheNextPage() {
        String stream = stream();
        String data = "\"" + "z".repeat(900 * 1024) + "\"";
        for (int i = 0; i < 6; i++) {
            append(stream, batch("any", event("Big", data))).then().statusCode(201);
        }
        // 4 MiB per page: four events of 900 KiB fit, the fifth starts the next page.
        Response first = given().get("/streams/{s}/events", stream);
        first.then().statusCode(200).body("version", equalTo(List.of(1, 2, 3, 4)))
                .header("Link", equalTo("</streams/" + stream + "/events?from=5&limit=100&direction=forward>; rel=\"next\""));
        given().queryParam("from", 5).get("/streams/{s}/events", stream).then().statusCode(200)
                .body("version", equalTo(List.of(5, 6))).header("Link", nullValue());
        given().queryParam("direction", "backward").queryParam("limit", 2).get("/streams/{s}/events", stream).then()
                .body("version", equalTo(List.of(6, 5)))
                .header("Link", containsString("from=4&limit=2&direction=backward"));
    }
}
