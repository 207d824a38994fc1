package at.meldestelle.infra.eventstore.redis;

import at.meldestelle.infra.eventstore.stream.StreamName;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static at.meldestelle.infra.eventstore.StreamResourceTest.batch;
import static at.meldestelle.infra.eventstore.StreamResourceTest.event;
import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** The hash chain against a real Redis whose stored events the tests alter behind the store's back. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class HashChainTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisStreamStore store;

    @Inject
    StreamHeads heads;

    private static String stream() {
        return "horse-" + UUID.randomUUID();
    }

    private static void append(String stream, int events) {
        String[] batch = new String[events];
        for (int i = 0; i < events; i++) {
            batch[i] = event("Weighed", "{\"kg\":" + (500 + i) + ",\"at\":{\"z\":1,\"a\":[1,2]}}");
        }
        given().contentType(ContentType.JSON).body(batch("any", batch)).post("/streams/{s}/events", stream).then().statusCode(201);
    }

    private String eventsKey(String stream) {
        StreamName name = StreamName.parse(stream);
        return StoreKeys.events(store.partitionOf(name), name);
    }

    /** Writes the stream's events again, each passed through {@code change}: what an attacker with Redis access could do. */
    private void rewrite(String stream, UnaryOperator<Map<String, String>> change) {
        String key = eventsKey(stream);
        List<StreamMessage<String, String, String>> entries = redis.stream(String.class).xrange(key,
                io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"));
        redis.key().del(key);
        for (StreamMessage<String, String, String> entry : entries) {
            Map<String, String> fields = change.apply(new LinkedHashMap<>(entry.payload()));
            if (fields != null) {
                redis.stream(String.class).xadd(key, new XAddArgs().id(entry.id()), fields);
            }
        }
    }

    @Test
    void anUntouchedStreamVerifies() {
        String stream = stream();
        append(stream, 30);
        append(stream, 1);
        given().get("/streams/{s}/verify", stream).then().statusCode(200)
                .body("intact", equalTo(true)).body("eventsChecked", equalTo(31))
                .body("firstVersion", equalTo(1)).body("lastVersion", equalTo(31)).body("brokenVersion", nullValue());
    }

    @Test
    void changedDataIsFoundAtItsVersion() {
        String stream = stream();
        append(stream, 10);
        rewrite(stream, fields -> {
            if (fields.get("data").contains("504")) {
                fields.put("data", fields.get("data").replace("504", "404"));
            }
            return fields;
        });
        given().get("/streams/{s}/verify", stream).then().statusCode(200)
                .body("intact", equalTo(false)).body("brokenVersion", equalTo(5)).body("eventsChecked", equalTo(4))
                .body("reason", containsString("content"));
    }

    @Test
    void swappedEventsWithTheirHashesBreakTheChain() {
        String stream = stream();
        append(stream, 6);
        List<Map<String, String>> kept = new ArrayList<>();
        rewrite(stream, fields -> {
            kept.add(fields);
            return fields;
        });
        Map<String, String> third = kept.get(2);
        Map<String, String> fourth = kept.get(3);
        rewrite(stream, fields -> {
            if (fields.get("id").equals(third.get("id"))) {
                return swapContent(fields, fourth);
            }
            if (fields.get("id").equals(fourth.get("id"))) {
                return swapContent(fields, third);
            }
            return fields;
        });
        given().get("/streams/{s}/verify", stream).then().statusCode(200)
                .body("intact", equalTo(false)).body("brokenVersion", equalTo(3)).body("reason", containsString("chain"));
    }

    private static Map<String, String> swapContent(Map<String, String> fields, Map<String, String> other) {
        for (String name : List.of("id", "data", "h")) {
            fields.put(name, other.get(name));
        }
        return fields;
    }

    @Test
    void removedLastEventsAreFoundByTheHead() {
        String stream = stream();
        append(stream, 8);
        rewrite(stream, fields -> fields.get("data").contains("507") ? null : fields);
        given().get("/streams/{s}/verify", stream).then().statusCode(200)
                .body("intact", equalTo(false)).body("brokenVersion", equalTo(8)).body("reason", containsString("head"));
    }

    @Test
    void aRemovedEventInTheMiddleIsNamed() {
        String stream = stream();
        append(stream, 8);
        rewrite(stream, fields -> fields.get("data").contains("503") ? null : fields);
        given().get("/streams/{s}/verify", stream).then().statusCode(200)
                .body("intact", equalTo(false)).body("brokenVersion", equalTo(4)).body("reason", containsString("missing"));
    }

    @Test
    void retentionAndSoftDeletionKeepTheRestVerifiable() {
        String stream = stream();
        append(stream, 20);
        given().contentType(ContentType.JSON).body("{\"maxCount\":5}").put("/streams/{s}/metadata", stream).then().statusCode(204);
        given().get("/streams/{s}/verify", stream).then().statusCode(200)
                .body("intact", equalTo(true)).body("firstVersion", equalTo(16)).body("lastVersion", equalTo(20));

        given().delete("/streams/{s}", stream).then().statusCode(204);
        given().get("/streams/{s}/verify", stream).then().statusCode(200).body("intact", equalTo(true)).body("eventsChecked", equalTo(0));
        append(stream, 3);
        given().get("/streams/{s}/verify", stream).then().statusCode(200)
                .body("intact", equalTo(true)).body("firstVersion", equalTo(21)).body("lastVersion", equalTo(23));
    }

    @Test
    void anAppendFromAStaleHeadIsComputedAgainFromTheStoredOne() {
        String stream = stream();
        append(stream, 10);
        heads.put(stream, new StreamHeads.Head(3, "not-the-head"));
        given().contentType(ContentType.JSON).body(batch(10, event("Weighed", "{}"))).post("/streams/{s}/events", stream)
                .then().statusCode(201).body("firstVersion", equalTo(11));
        given().get("/streams/{s}/verify", stream).then().statusCode(200).body("intact", equalTo(true)).body("lastVersion", equalTo(11));
    }

    @Test
    void unknownAndTombstonedStreamsAreNotVerified() {
        given().get("/streams/{s}/verify", stream()).then().statusCode(404);
        String stream = stream();
        append(stream, 1);
        given().delete("/streams/{s}?hard=true", stream).then().statusCode(204);
        given().get("/streams/{s}/verify", stream).then().statusCode(410);
    }
}
