package at.meldestelle.infra.eventstore;

import at.meldestelle.infra.shared.messaging.CloudEventHeaders;
import at.meldestelle.infra.shared.messaging.Topics;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class KafkaForwardingTest {

    @Test
    void everyAppendedEventReachesKafkaInOrderWithCloudEventHeaders() {
        String stream = "horse-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            String a = UUID.randomUUID().toString();
            String b = UUID.randomUUID().toString();
            ids.add(a);
            ids.add(b);
            given().contentType(ContentType.JSON).header("X-Correlation-ID", "corr-" + round)
                    .body("{\"expectedVersion\":" + (round * 2) + ",\"events\":["
                            + "{\"eventId\":\"" + a + "\",\"type\":\"HorseRegistered\",\"data\":{\"round\":" + round + "}},"
                            + "{\"eventId\":\"" + b + "\",\"type\":\"HorseRenamed\",\"data\":{\"round\":" + round + "}}]}")
                    .post("/streams/{s}/events", stream).then().statusCode(201);
        }

        List<ConsumerRecord<String, String>> records = consume(stream, ids.size());

        assertEquals(ids, records.stream().map(r -> TopicReader.header(r, CloudEventHeaders.ID)).toList(), "all events, in order");
        ConsumerRecord<String, String> first = records.get(0);
        assertEquals(stream, first.key());
        assertEquals("1.0", TopicReader.header(first, CloudEventHeaders.SPEC_VERSION));
        assertEquals("HorseRegistered", TopicReader.header(first, CloudEventHeaders.TYPE));
        assertEquals(stream, TopicReader.header(first, CloudEventHeaders.SUBJECT));
        assertEquals("/eventstore/streams/" + stream, TopicReader.header(first, CloudEventHeaders.SOURCE));
        assertTrue(TopicReader.header(first, CloudEventHeaders.TIME) != null, "ce_time is set");
        assertEquals("corr-0", TopicReader.header(first, "ce_correlationid"));
        assertTrue(first.value().contains("\"version\":1"), first.value());
        assertTrue(first.value().contains("\"data\":{\"round\":0}"), first.value());
    }

    private static List<ConsumerRecord<String, String>> consume(String stream, int expected) {
        return TopicReader.read(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                Topics.EVENTSTORE_EVENTS, record -> stream.equals(record.key()), records -> records.size() >= expected,
                Duration.ofSeconds(60));
    }
}
