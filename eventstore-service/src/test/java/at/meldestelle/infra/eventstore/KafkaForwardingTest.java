package at.meldestelle.infra.eventstore;

import at.meldestelle.infra.shared.messaging.CloudEventHeaders;
import at.meldestelle.infra.shared.messaging.Topics;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
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

        assertEquals(ids, records.stream().map(r -> header(r, CloudEventHeaders.ID)).toList(), "all events, in order");
        ConsumerRecord<String, String> first = records.get(0);
        assertEquals(stream, first.key());
        assertEquals("1.0", header(first, CloudEventHeaders.SPEC_VERSION));
        assertEquals("HorseRegistered", header(first, CloudEventHeaders.TYPE));
        assertEquals(stream, header(first, CloudEventHeaders.SUBJECT));
        assertEquals("/eventstore/streams/" + stream, header(first, CloudEventHeaders.SOURCE));
        assertTrue(header(first, CloudEventHeaders.TIME) != null, "ce_time is set");
        assertEquals("corr-0", header(first, "ce_correlationid"));
        assertTrue(first.value().contains("\"version\":1"), first.value());
        assertTrue(first.value().contains("\"data\":{\"round\":0}"), first.value());
    }

    private static List<ConsumerRecord<String, String>> consume(String stream, int expected) {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.EVENTSTORE_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(r -> {
                    if (stream.equals(r.key())) {
                        records.add(r);
                    }
                });
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
