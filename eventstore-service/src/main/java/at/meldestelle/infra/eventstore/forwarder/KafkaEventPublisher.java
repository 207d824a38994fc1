package at.meldestelle.infra.eventstore.forwarder;

import at.meldestelle.infra.shared.api.event.EventEnvelope;
import at.meldestelle.infra.shared.messaging.CloudEvents;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Publishes outbox entries to Kafka topic {@code eventstore.events}: key = stream, value = the event
 * envelope as JSON, CloudEvents binary-mode headers. The producer span continues the trace of the
 * HTTP request that appended the event.
 */
@ApplicationScoped
public class KafkaEventPublisher {

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;

    public KafkaEventPublisher(@Channel("eventstore-events") MutinyEmitter<String> emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    /**
     * Completes when Kafka has acknowledged every entry (acks=all), and fails only once every send
     * has settled: a retry must never overlap sends of the same batch still in flight.
     */
    Uni<Void> publish(int partition, List<OutboxEntry> entries) {
        return Uni.join().all(entries.stream().map(entry -> publish(partition, entry)).toList())
                .andCollectFailures()
                .replaceWithVoid();
    }

    private Uni<Void> publish(int partition, OutboxEntry entry) {
        String stream = entry.field("stream");
        Instant recordedAt = Instant.ofEpochMilli(Long.parseLong(entry.field("recordedAt")));
        EventEnvelope envelope = new EventEnvelope(entry.field("eventId"), entry.field("type"), stream,
                Long.parseLong(entry.field("version")), Integer.parseInt(entry.field("schemaVersion")),
                readTree(entry.field("data")), readTree(entry.field("metadata")), recordedAt,
                partition + "/" + entry.id());

        OutgoingCloudEventMetadata<Object> cloudEvent = CloudEvents.outgoing(envelope.eventId(), envelope.type(),
                URI.create("/eventstore/streams/" + stream), stream, recordedAt, entry.field("correlationId"));
        Message<String> message = Message.of(writeJson(envelope))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(stream).build())
                .addMetadata(cloudEvent)
                .addMetadata(TracingMetadata.withCurrent(parentContext(entry.field("traceparent"))));
        return emitter.sendMessage(message);
    }

    private static Context parentContext(String traceparent) {
        if (traceparent == null || traceparent.isEmpty()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of("traceparent", traceparent), MAP_GETTER);
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Outbox entry holds unreadable JSON", e);
        }
    }

    private String writeJson(EventEnvelope envelope) {
        try {
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event envelope could not be written", e);
        }
    }
}
