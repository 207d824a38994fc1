package at.meldestelle.infra.eventstore;

import at.meldestelle.infra.shared.api.event.EventEnvelope;
import at.meldestelle.infra.shared.clients.eventstore.AppendResult;
import at.meldestelle.infra.shared.clients.eventstore.EventStoreClient;
import at.meldestelle.infra.shared.clients.eventstore.EventStoreException;
import at.meldestelle.infra.shared.clients.eventstore.ExpectedVersion;
import at.meldestelle.infra.shared.clients.eventstore.NewEvent;
import at.meldestelle.infra.shared.testing.AdminRequests;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java client of src-shared/clients against the real service. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class EventStoreClientTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @AfterAll
    static void closeVertx() {
        VERTX.closeAndAwait();
    }

    private static EventStoreClient client() {
        return EventStoreClient.create(VERTX, RestAssured.baseURI + ":" + RestAssured.port).withBearerToken(AdminRequests::adminToken);
    }

    private static List<NewEvent> events(int count) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(NewEvent.of("Counted", JsonNodeFactory.instance.objectNode().put("i", i)));
        }
        return events;
    }

    @Test
    void appendsReadsPagesAndAnswersProblemsAsExceptions() {
        EventStoreClient client = client();
        String stream = "member-" + UUID.randomUUID();
        List<NewEvent> first = events(3);
        assertEquals(new AppendResult(1, 3), client.append(stream, ExpectedVersion.NO_STREAM, first).await().atMost(WAIT));
        assertEquals(new AppendResult(1, 3), client.append(stream, ExpectedVersion.NO_STREAM, first).await().atMost(WAIT),
                "a resent batch answers the original versions");
        EventStoreException conflict = assertThrows(EventStoreException.class,
                () -> client.append(stream, ExpectedVersion.exactly(1), events(1)).await().atMost(WAIT));
        assertTrue(conflict.isWrongExpectedVersion());
        assertEquals(3, conflict.currentVersion());

        for (int i = 0; i < 3; i++) {
            client.append(stream, ExpectedVersion.ANY, events(400)).await().atMost(WAIT);
        }
        List<Long> versions = client.readAll(stream).map(EventEnvelope::version).collect().asList().await().atMost(WAIT);
        assertEquals(1203, versions.size());
        assertEquals(1203L, versions.get(1202));
        assertEquals(1203, client.info(stream).await().atMost(WAIT).version());
        assertEquals("i", client.read(stream, 2, 1).await().atMost(WAIT).get(0).data().fieldNames().next());

        EventStoreException missing = assertThrows(EventStoreException.class,
                () -> client.info("member-" + UUID.randomUUID()).await().atMost(WAIT));
        assertEquals(404, missing.status());
        EventStoreException bad = assertThrows(EventStoreException.class,
                () -> client.append("bad{name}", ExpectedVersion.ANY, events(1)).await().atMost(WAIT));
        assertEquals(400, bad.status());
    }

    @Test
    void subscriptionsCatchUpGoLiveAndEndWhenTheStreamIsDeletedForGood() {
        // A live subscription completes on the deletion; a new one fails with 410.
        EventStoreClient client = client();
        String stream = "horse-" + UUID.randomUUID();
        client.append(stream, ExpectedVersion.ANY, events(2)).await().atMost(WAIT);
        AssertSubscriber<EventEnvelope> subscriber = client.subscribe(stream, 1).subscribe().withSubscriber(AssertSubscriber.create(10));
        subscriber.awaitItems(2, WAIT);
        client.append(stream, ExpectedVersion.ANY, events(3)).await().atMost(WAIT);
        subscriber.awaitItems(5, WAIT);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), subscriber.getItems().stream().map(EventEnvelope::version).toList());
        given().delete("/streams/{s}?hard=true", stream).then().statusCode(204);
        subscriber.awaitCompletion(WAIT);

        AssertSubscriber<EventEnvelope> gone = client.subscribe(stream, 1).subscribe().withSubscriber(AssertSubscriber.create(10));
        gone.awaitFailure(WAIT);
        assertEquals(410, ((EventStoreException) gone.getFailure()).status());
    }

    @Test
    void aCategorySubscriptionDeliversEveryStreamOfTheCategory() {
        EventStoreClient client = client();
        String category = "c" + UUID.randomUUID().toString().replace("-", "");
        for (int s = 0; s < 5; s++) {
            client.append(category + "-" + s, ExpectedVersion.ANY, events(2)).await().atMost(WAIT);
        }
        AssertSubscriber<EventEnvelope> subscriber = client.subscribeToCategory(category).subscribe()
                .withSubscriber(AssertSubscriber.create(100));
        subscriber.awaitItems(10, WAIT);
        client.append(category + "-9", ExpectedVersion.ANY, events(1)).await().atMost(WAIT);
        subscriber.awaitItems(11, WAIT);
        assertEquals(11, subscriber.getItems().stream().map(e -> e.stream() + "@" + e.version()).distinct().count());
        subscriber.cancel();
    }
}
