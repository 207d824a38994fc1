package at.meldestelle.infra.eventstore.subscription;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static at.meldestelle.infra.eventstore.StreamResourceTest.batch;
import static at.meldestelle.infra.eventstore.StreamResourceTest.event;
import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class PersistentSubscriptionTest {

    private static String name() {
        return "c" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void append(String stream, int events) {
        String[] batch = new String[events];
        for (int i = 0; i < events; i++) {
            batch[i] = event("Counted", "{\"i\":" + i + "}");
        }
        given().contentType(ContentType.JSON).body(batch("any", batch)).post("/streams/{s}/events", stream).then().statusCode(201);
    }

    private static void create(String group, String category, String settings) {
        given().contentType(ContentType.JSON).body("{\"category\":\"" + category + "\"" + settings + "}")
                .put("/subscriptions/{g}", group).then().statusCode(201);
    }

    private static JsonPath read(String group, String consumer, int max) {
        return given().queryParam("consumer", consumer).queryParam("max", max).post("/subscriptions/{g}/read", group)
                .then().statusCode(200).extract().jsonPath();
    }

    private static void post(String group, String action, String body) {
        given().contentType(ContentType.JSON).body(body).post("/subscriptions/{g}/" + action, group).then().statusCode(200);
    }

    private static String ids(List<String> ackIds) {
        return "{\"ackIds\":[\"" + String.join("\",\"", ackIds) + "\"]";
    }

    @Test
    void competingConsumersShareTheCategoryAndAnAckedEventIsNotDeliveredAgain() {
        String category = name();
        String group = name();
        create(group, category, "");
        for (int s = 0; s < 4; s++) {
            append(category + "-" + s, 3);
        }
        append("other-" + category, 2);
        Set<String> seen = new HashSet<>();
        List<String> ackIds = new ArrayList<>();
        for (String consumer : List.of("a", "b", "a", "b", "a")) {
            JsonPath page = read(group, consumer, 4);
            for (int i = 0; i < page.getList("").size(); i++) {
                String stream = page.getString("[" + i + "].event.stream");
                assertTrue(stream.startsWith(category + "-"), stream);
                assertTrue(seen.add(stream + "@" + page.getInt("[" + i + "].event.version")), "delivered once: " + stream);
                assertEquals(1, page.getInt("[" + i + "].deliveries"));
                ackIds.add(page.getString("[" + i + "].ackId"));
            }
        }
        assertEquals(12, seen.size());
        post(group, "ack", ids(ackIds) + "}");
        given().queryParam("consumer", "c").post("/subscriptions/{g}/read", group).then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void nackedEventsComeBackThenParkAfterMaxDeliveriesAndAReplayReturnsThem() {
        String category = name();
        String group = name();
        create(group, category, ",\"maxDeliveries\":2,\"ackTimeoutMs\":60000");
        append(category + "-1", 1);
        String ackId = read(group, "a", 10).getString("[0].ackId");
        post(group, "nack", ids(List.of(ackId)) + ",\"action\":\"retry\"}");
        JsonPath again = read(group, "b", 10);
        assertEquals(ackId, again.getString("[0].ackId"));
        assertEquals(2, again.getInt("[0].deliveries"));
        post(group, "nack", ids(List.of(ackId)) + ",\"action\":\"retry\"}");
        given().queryParam("consumer", "c").post("/subscriptions/{g}/read", group).then().statusCode(200).body("", hasSize(0));
        given().get("/subscriptions/{g}/parked", group).then().statusCode(200)
                .body("", hasSize(1)).body("[0].ackId", equalTo(ackId)).body("[0].reason", containsString("2 times"))
                .body("[0].event.stream", equalTo(category + "-1"));

        given().post("/subscriptions/{g}/parked/replay", group).then().statusCode(200).body("replayed", equalTo(1));
        given().get("/subscriptions/{g}/parked", group).then().statusCode(200).body("", hasSize(0));
        JsonPath replayed = read(group, "a", 10);
        assertEquals(ackId, replayed.getString("[0].ackId"));
        assertEquals(1, replayed.getInt("[0].deliveries"));
        post(group, "ack", ids(List.of(ackId)) + "}");
    }

    @Test
    void aConsumerThatLetsTheAckTimeoutPassLosesTheEventToAnother() throws Exception {
        String category = name();
        String group = name();
        create(group, category, ",\"ackTimeoutMs\":1000");
        append(category + "-1", 1);
        String ackId = read(group, "slow", 10).getString("[0].ackId");
        given().queryParam("consumer", "fast").post("/subscriptions/{g}/read", group).then().body("", hasSize(0));
        Thread.sleep(1200);
        JsonPath taken = read(group, "fast", 10);
        assertEquals(ackId, taken.getString("[0].ackId"));
        assertEquals(2, taken.getInt("[0].deliveries"));
    }

    @Test
    void manyParkedEventsDoNotHoldBackTheHandOverOfExpiredOnes() throws Exception {
        String category = name();
        String group = name();
        create(group, category, ",\"ackTimeoutMs\":1000");
        append(category + "-1", 15);
        JsonPath page = read(group, "crashed", 15);
        List<String> ackIds = page.getList("ackId");
        assertEquals(15, ackIds.size());
        post(group, "nack", ids(ackIds.subList(0, 12)) + ",\"action\":\"park\"}");
        Thread.sleep(1200);
        JsonPath taken = read(group, "healthy", 3);
        assertEquals(ackIds.subList(12, 15), taken.getList("ackId"), "the expired deliveries, past the parked ones");
        given().get("/subscriptions/{g}/parked", group).then().body("", hasSize(12));
    }

    @Test
    void aConsumerCanParkAnEventWithItsReasonAndAGroupFromTheEndSkipsTheOldOnes() {
        String category = name();
        append(category + "-1", 2);
        String group = name();
        create(group, category, ",\"from\":\"end\"");
        given().queryParam("consumer", "a").post("/subscriptions/{g}/read", group).then().body("", hasSize(0));
        append(category + "-1", 1);
        JsonPath page = read(group, "a", 10);
        assertEquals(3, page.getInt("[0].event.version"));
        post(group, "nack", ids(List.of(page.getString("[0].ackId"))) + ",\"action\":\"park\",\"reason\":\"horse unknown\"}");
        given().get("/subscriptions/{g}/parked", group).then().body("[0].reason", equalTo("horse unknown"));
    }

    @Test
    void badRequestsGetProblems() {
        String group = name();
        create(group, name(), "");
        given().contentType(ContentType.JSON).body("{\"category\":\"other\"}").put("/subscriptions/{g}", group).then().statusCode(409);
        given().get("/subscriptions/{g}", name()).then().statusCode(404);
        given().queryParam("consumer", "a").post("/subscriptions/{g}/read", name()).then().statusCode(404);
        Map<String, String> badBodies = Map.of(
                "{}", "ack", "{\"ackIds\":[]}", "ack", "{\"ackIds\":[\"99/0-1\"]}", "ack", "{\"ackIds\":[\"x\"]}", "ack",
                "{\"ackIds\":[\"1/0-1\"],\"action\":\"burn\"}", "nack", "[1]", "nack");
        badBodies.forEach((body, action) -> given().contentType(ContentType.JSON).body(body)
                .post("/subscriptions/{g}/" + action, group).then().statusCode(400).contentType("application/problem+json"));
        for (String consumer : List.of("", "_parked", "a b", "x".repeat(101))) {
            given().queryParam("consumer", consumer).post("/subscriptions/{g}/read", group).then().statusCode(400);
        }
        given().queryParam("consumer", "a").queryParam("max", "0").post("/subscriptions/{g}/read", group).then().statusCode(400);
        for (String body : List.of("{}", "{\"category\":\"a-b\"}", "{\"category\":\"a\",\"from\":\"middle\"}",
                "{\"category\":\"a\",\"maxDeliveries\":0}", "{\"category\":\"a\",\"ackTimeoutMs\":\"5s\"}", "[]")) {
            given().contentType(ContentType.JSON).body(body).put("/subscriptions/{g}", name()).then().statusCode(400);
        }
        given().contentType(ContentType.JSON).body("{\"category\":\"a\"}").put("/subscriptions/{g}", "-starts-with-a-dash").then().statusCode(400);
        given().delete("/subscriptions/{g}", group).then().statusCode(204);
        given().get("/subscriptions/{g}", group).then().statusCode(404);
    }
}
