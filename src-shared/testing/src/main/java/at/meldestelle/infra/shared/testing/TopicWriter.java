package at.meldestelle.infra.shared.testing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Writes text records with a real producer, for tests that feed a consumer: the counterpart of
 * {@link TopicReader}. {@link #cloudEvent} gives the binary-mode CloudEvents headers the platform's
 * consumers expect (DESIGN section 4).
 */
public final class TopicWriter implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    private TopicWriter(KafkaProducer<String, String> producer) {
        this.producer = producer;
    }

    public static TopicWriter to(String bootstrapServers) {
        return new TopicWriter(new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
    }

    /** The headers of a CloudEvent 1.0 in binary mode; {@code subject} may be null (then none). */
    public static Map<String, String> cloudEvent(String id, String type, String source, String subject) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", id);
        headers.put("ce_type", type);
        headers.put("ce_source", source);
        if (subject != null) {
            headers.put("ce_subject", subject);
        }
        return headers;
    }

    /** Sends the record and waits until the broker has it. */
    public void send(String topic, String key, String value, Map<String, String> headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, recordHeaders)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The broker did not take the record for " + topic, e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
