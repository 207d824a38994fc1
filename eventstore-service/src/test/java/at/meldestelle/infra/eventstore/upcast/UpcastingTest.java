package at.meldestelle.infra.eventstore.upcast;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * Upcasting on read with a configured step (TestHorseRegistered 1 -> 2, in application.properties)
 * and steps registered over the admin API, against a real Redis.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class UpcastingTest {

    private static String append(String type, int schemaVersion, String data) {
        String stream = "horse-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body("{\"expectedVersion\":\"any\",\"events\":[{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type
                        + "\",\"schemaVersion\":" + schemaVersion + ",\"data\":" + data + "}]}")
                .post("/streams/{s}/events", stream).then().statusCode(201);
        return stream;
    }

    private static void register(String type, int from, String patch) {
        given().contentType(ContentType.JSON).body(patch).put("/upcasters/{t}/{v}", type, from).then().statusCode(204);
    }

    @Test
    void eventsAreReadAtTheNewestVersionTheStepsReachWhileTheStoredOnesStayAsWritten() {
        String stream = append("TestHorseRegistered", 1, "{\"name\":\"Fanny\"}");
        given().get("/streams/{s}/events", stream).then().statusCode(200)
                .body("[0].schemaVersion", equalTo(2)).body("[0].data.fullName", equalTo("Fanny")).body("[0].data.name", nullValue());

        register("TestHorseRegistered", 2, "[{\"op\":\"add\",\"path\":\"/breed\",\"value\":\"unknown\"}]");
        given().get("/streams/{s}/events", stream).then().statusCode(200)
                .body("[0].schemaVersion", equalTo(3)).body("[0].data.fullName", equalTo("Fanny")).body("[0].data.breed", equalTo("unknown"));
        given().get("/upcasters").then().statusCode(200)
                .body("findAll { it.type == 'TestHorseRegistered' }.fromVersion", equalTo(List.of(1, 2)));

        String current = append("TestHorseRegistered", 3, "{\"fullName\":\"Max\",\"breed\":\"Haflinger\"}");
        given().get("/streams/{s}/events", current).then().body("[0].schemaVersion", equalTo(3)).body("[0].data.breed", equalTo("Haflinger"));

        given().delete("/upcasters/{t}/{v}", "TestHorseRegistered", 2).then().statusCode(204);
        given().delete("/upcasters/{t}/{v}", "TestHorseRegistered", 2).then().statusCode(404);
        given().get("/streams/{s}/events", stream).then().body("[0].schemaVersion", equalTo(2)).body("[0].data.name", nullValue());
    }

    @Test
    void aStepThatDoesNotApplyLeavesTheEventAtTheVersionReached() {
        String type = "Moved" + UUID.randomUUID().toString().substring(0, 8);
        register(type, 1, "[{\"op\":\"add\",\"path\":\"/country\",\"value\":\"AT\"}]");
        register(type, 2, "[{\"op\":\"remove\",\"path\":\"/not-there\"}]");
        String stream = append(type, 1, "{\"city\":\"Graz\"}");
        given().get("/streams/{s}/events", stream).then().statusCode(200)
                .body("[0].schemaVersion", equalTo(2)).body("[0].data.country", equalTo("AT"));
    }

    @Test
    void badStepsGetProblems() {
        for (String patch : List.of("{\"op\":\"add\"}", "[{\"op\":\"explode\",\"path\":\"/a\"}]", "[{\"op\":\"add\",\"value\":1}]",
                "[{\"op\":\"move\",\"path\":\"/a\"}]", "\"text\"", "null")) {
            given().contentType(ContentType.JSON).body(patch).put("/upcasters/{t}/{v}", "Anything", 1)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        for (String version : List.of("0", "-1", "x", "1000", "99999999999")) {
            given().contentType(ContentType.JSON).body("[]").put("/upcasters/{t}/{v}", "Anything", version).then().statusCode(400);
        }
        given().contentType(ContentType.JSON).body("[]").put("/upcasters/{t}/{v}", "bad type", 1).then().statusCode(400);
        given().delete("/upcasters/{t}/{v}", "Anything", "x").then().statusCode(400);
        given().get("/upcasters").then().statusCode(200).body("type", hasItem("TestHorseRegistered"));
    }
}
