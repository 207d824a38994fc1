package at.meldestelle.infra.shared.messaging;

import at.meldestelle.infra.shared.testing.InjectKafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumer side of the kit against a real Kafka broker and a real Redis. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class EventConsumerTest {

    private static final String TOPIC = "kit.events";
    private static final String DLQ = "kit.events.dlq";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaBroker
    KafkaBroker kafka;

    private final RecordingConsumer consumer;
    private final EventConsumers consumers;
    private final MeterRegistry meters;
    private KafkaProducer<byte[], byte[]> producer;

    EventConsumerTest(RecordingConsumer consumer, EventConsumers consumers, MeterRegistry meters) {
        this.consumer = consumer;
        this.consumers = consumers;
        this.meters = meters;
    }

    @BeforeEach
    void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void anEventIsHandledOnceThoughDeliveredTwiceAndEqualIdsFromTwoSourcesStayApart() throws Exception {
        String id = UUID.randomUUID().toString();
        send(event(id, "/kit/a", "ok", "corr-1"));
        send(event(id, "/kit/a", "ok", "corr-1"));
        send(event(id, "/kit/b", "ok", null));
        String last = UUID.randomUUID().toString();
        send(event(last, "/kit/a", "ok", null));
        awaitTrue(() -> consumer.handled(last).size() == 1);

        List<RecordingConsumer.Handled> handled = consumer.handled(id);
        assertEquals(List.of("/kit/a", "/kit/b"), handled.stream().map(RecordingConsumer.Handled::source).toList());
        assertEquals("corr-1", handled.get(0).correlationId());
        assertEquals("at.meldestelle.kit.Tested", handled.get(0).type());
        assertTrue(meters.get("messaging.consumed").tag("channel", "kit-in").tag("outcome", "duplicate").counter().count() >= 1);
    }

    @Test
    void aFailingHandlerIsRetriedWithBackoffAndSucceeds() throws Exception {
        String id = UUID.randomUUID().toString();
        send(event(id, "/kit/a", "fail 2", null));
        awaitTrue(() -> consumer.handled(id).size() == 1);
        assertEquals(3, consumer.handled(id).get(0).attempts());
        assertTrue(deadLetters(record -> id.equals(header(record, CloudEventHeaders.ID)), 1, Duration.ofSeconds(2)).isEmpty());
    }

    @Test
    void aHandlerThatKeepsFailingSendsTheRecordToTheDeadLetterTopicSayingWhyAndFromWhere() throws Exception {
        String id = UUID.randomUUID().toString();
        RecordMetadata original = send(event(id, "/kit/a", "fail 100", "corr-2"));
        List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(record -> id.equals(header(record, CloudEventHeaders.ID)), 2, Duration.ofSeconds(5));

        assertEquals(1, dead.size());
        ConsumerRecord<byte[], byte[]> letter = dead.get(0);
        assertEquals("fail 100", text(letter.value()));
        assertEquals(TOPIC, header(letter, DeadLetters.TOPIC));
        assertEquals(String.valueOf(original.partition()), header(letter, DeadLetters.PARTITION));
        assertEquals(String.valueOf(original.offset()), header(letter, DeadLetters.OFFSET));
        assertEquals("attempt 4 of " + id + " fails", header(letter, DeadLetters.REASON));
        assertEquals("corr-2", header(letter, CloudEventHeaders.CORRELATION_ID));
        assertEquals(4, consumer.attempts("/kit/a", id), "the first attempt and max-retries=3");
        assertTrue(consumer.handled(id).isEmpty());
    }

    @Test
    void whileRedisCannotSayWhetherAnEventWasHandledTheHandlerDoesNotRunAndTheEventIsDeadLetteredNotLost() throws Exception {
        String id = UUID.randomUUID().toString();
        List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
        RedisTestResource.outage(() -> {
            try {
                send(event(id, "/kit/a", "ok", "corr-4"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            dead.addAll(deadLetters(record -> id.equals(header(record, CloudEventHeaders.ID)), 1, WAIT));
        });

        assertEquals(1, dead.size(), "dead-lettered once its retries ran out");
        assertTrue(header(dead.get(0), DeadLetters.REASON).toLowerCase().contains("connect"), header(dead.get(0), DeadLetters.REASON));
        assertEquals(0, consumer.attempts("/kit/a", id), "the handler never ran without the duplicate check");
        // Redis is back: the channel goes on, and the dead letter can be replayed (see the replay test).
        String next = UUID.randomUUID().toString();
        send(event(next, "/kit/a", "ok", null));
        awaitTrue(() -> consumer.handled(next).size() == 1);
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAtOnceAsItCameAndTheConsumerGoesOn() throws Exception {
        String key = UUID.randomUUID().toString();
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, 'x'};
        send(new ProducerRecord<>(TOPIC, bytes(key), notUtf8));   // no CloudEvent headers at all
        send(new ProducerRecord<>(TOPIC, null, null, bytes(key), notUtf8, keyed(key, UUID.randomUUID().toString(), "/kit/a", "ok").headers()));
        send(keyed(key, "x".repeat(IncomingEvent.MAX_ID_LENGTH + 1), "/kit/a", "ok"));
        ProducerRecord<byte[], byte[]> badHeader = keyed(key, UUID.randomUUID().toString(), "/kit/a", "ok");
        badHeader.headers().remove(CloudEventHeaders.TYPE).add(CloudEventHeaders.TYPE, notUtf8);
        send(badHeader);
        String refused = UUID.randomUUID().toString();
        send(keyed(key, refused, "/kit/a", "poison"));
        String after = UUID.randomUUID().toString();
        send(keyed(key, after, "/kit/a", "ok"));

        awaitTrue(() -> consumer.handled(after).size() == 1);
        List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(record -> key.equals(text(record.key())), 5, WAIT);
        assertEquals(List.of(
                "Not a CloudEvent 1.0 in binary mode: ce_specversion is missing",
                "The payload is not UTF-8",
                "The header ce_id is longer than 256 characters",
                "The header ce_type is not UTF-8",
                "The event says it is poison"), dead.stream().map(record -> header(record, DeadLetters.REASON)).toList());
        assertEquals(1, consumer.attempts("/kit/a", refused), "poison is not retried");
        assertArrayEquals(notUtf8, dead.get(0).value(), "the dead letter keeps the bytes as they came");
        assertArrayEquals(notUtf8, dead.get(1).value());
    }

    @Test
    void replayBringsDeadLettersBackOnceAndTheConsumerSkipsWhatItHasHandled() throws Exception {
        String id = UUID.randomUUID().toString();
        send(event(id, "/kit/replay", "fail until fixed", "corr-3"));
        assertEquals(1, deadLetters(record -> id.equals(header(record, CloudEventHeaders.ID)), 1, WAIT).size());
        // A dead letter of an event the group handled meanwhile (as after a manual fix): replayed, then skipped.
        String done = UUID.randomUUID().toString();
        send(event(done, "/kit/replay", "ok", null));
        awaitTrue(() -> consumer.handled(done).size() == 1);
        send(new ProducerRecord<>(DLQ, null, null, bytes("kit"), bytes("ok"), event(done, "/kit/replay", "ok", null).headers()));
        consumer.fix();

        DeadLetterReplay.Result first = DeadLetterReplay.replay(kafka.bootstrapServers(), DLQ, WAIT);
        assertEquals(TOPIC, first.to());
        assertTrue(first.replayed() >= 2, "replayed " + first.replayed());
        awaitTrue(() -> consumer.handled(id).size() == 1);
        assertEquals("corr-3", consumer.handled(id).get(0).correlationId());
        List<ConsumerRecord<String, String>> replayed = TopicReader.read(kafka.bootstrapServers(), TOPIC,
                record -> id.equals(TopicReader.header(record, CloudEventHeaders.ID)) && TopicReader.header(record, DeadLetterReplay.REPLAYED_FROM) != null,
                found -> !found.isEmpty(), WAIT);
        assertEquals(1, replayed.size());
        assertNull(TopicReader.header(replayed.get(0), DeadLetters.REASON));
        assertNull(TopicReader.header(replayed.get(0), DeadLetters.OFFSET));

        // Replayed once only: the next replay starts where this one ended.
        String last = UUID.randomUUID().toString();
        send(event(last, "/kit/replay", "ok", null));
        awaitTrue(() -> consumer.handled(last).size() == 1);
        DeadLetterReplay.replay(kafka.bootstrapServers(), DLQ, WAIT);
        String marker = UUID.randomUUID().toString();
        send(event(marker, "/kit/replay", "ok", null));
        awaitTrue(() -> consumer.handled(marker).size() == 1);
        assertEquals(1, consumer.handled(id).size());
        assertEquals(1, consumer.handled(done).size());
        assertEquals(1, TopicReader.read(kafka.bootstrapServers(), TOPIC,
                record -> id.equals(TopicReader.header(record, CloudEventHeaders.ID)) && TopicReader.header(record, DeadLetterReplay.REPLAYED_FROM) != null,
                found -> found.size() > 1, Duration.ofSeconds(3)).size(), "the second replay did not send the dead letter again");

        assertEquals("Not a dead-letter topic (<topic>.dlq): kit.events",
                assertThrows(IllegalArgumentException.class, () -> DeadLetterReplay.replay(kafka.bootstrapServers(), TOPIC, WAIT)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeadLetterReplay.replay(kafka.bootstrapServers(), "no.such.topic.dlq", WAIT))
                .getMessage().startsWith("There is no topic no.such.topic.dlq"));
    }

    @Test
    void aChannelNotWiredForDeadLettersFailsWhenItsConsumerIsMade() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> consumers.of("unwired"));
        assertEquals("Incoming channel unwired needs dead-letter-queue.topic=unwired.dlq (is null): see src-shared/messaging/README.md",
                refused.getMessage());
    }

    private static ProducerRecord<byte[], byte[]> keyed(String key, String id, String source, String data) {
        ProducerRecord<byte[], byte[]> record = event(id, source, data, null);
        return new ProducerRecord<>(TOPIC, null, null, bytes(key), record.value(), record.headers());
    }

    private static ProducerRecord<byte[], byte[]> event(String id, String source, String data, String correlationId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.SPEC_VERSION, bytes("1.0"));
        headers.add(CloudEventHeaders.ID, bytes(id));
        headers.add(CloudEventHeaders.TYPE, bytes("at.meldestelle.kit.Tested"));
        headers.add(CloudEventHeaders.SOURCE, bytes(source));
        if (correlationId != null) {
            headers.add(CloudEventHeaders.CORRELATION_ID, bytes(correlationId));
        }
        // One key, so one partition: the records keep their order.
        return new ProducerRecord<>(TOPIC, null, null, bytes("kit"), bytes(data), headers);
    }

    private RecordMetadata send(ProducerRecord<byte[], byte[]> record) throws Exception {
        return producer.send(record).get();
    }

    /** The dead letters {@code keep} accepts, read until {@code enough} have come or {@code wait} has passed. */
    private List<ConsumerRecord<byte[], byte[]>> deadLetters(Predicate<ConsumerRecord<byte[], byte[]>> keep, int enough, Duration wait) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            reader.subscribe(List.of(DLQ));
            long deadline = System.nanoTime() + wait.toNanos();
            while (found.size() < enough && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (keep.test(record)) {
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : text(header.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), "not within " + WAIT);
    }
}
