package at.meldestelle.infra.eventstore.forwarder;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.redis.EventCodec;
import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import at.meldestelle.infra.shared.api.event.EventEnvelope;
import at.meldestelle.infra.shared.messaging.CloudEvents;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Publishes one outbox event to Kafka topic {@code eventstore.events}: key = stream, value = the
 * event envelope as JSON, CloudEvents binary-mode headers. The producer span continues the trace of
 * the HTTP request that appended the event.
 */
@ApplicationScoped
public class KafkaEventPublisher {

    /** Room for the key, the CloudEvents and trace headers and the record batch's own overhead. */
    private static final int HEADROOM = 2048;

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
    private final int maxRecordBytes;

    public KafkaEventPublisher(@Channel("eventstore-events") MutinyEmitter<String> emitter, ObjectMapper json,
                               EventStoreConfig config) {
        this.emitter = emitter;
        this.json = json;
        this.maxRecordBytes = config.forwarder().maxRecordBytes();
    }

    /**
     * Completes when Kafka acknowledged the record (acks=all). A record too large for the broker
     * fails at once with {@link RecordTooLargeException}, without being sent.
     */
    Uni<Void> publish(EventCodec.OutboxEvent event) {
        EventEnvelope envelope = event.envelope();
        String value = writeJson(envelope);
        long bytes = (long) value.getBytes(StandardCharsets.UTF_8).length + HEADROOM;
        if (bytes > maxRecordBytes) {
            return Uni.createFrom().failure(new RecordTooLargeException("The record of " + envelope.stream() + " version "
                    + envelope.version() + " is about " + bytes + " bytes, more than eventstore.forwarder.max-record-bytes ("
                    + maxRecordBytes + ")"));
        }
        OutgoingCloudEventMetadata<Object> cloudEvent = CloudEvents.outgoing(envelope.eventId(), envelope.type(),
                URI.create("/eventstore/streams/" + envelope.stream()), envelope.stream(), envelope.recordedAt(),
                event.correlationId());
        Message<String> message = Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(envelope.stream()).build())
                .addMetadata(cloudEvent)
                .addMetadata(TracingMetadata.withCurrent(parentContext(event.traceparent(), event.correlationId())));
        return emitter.sendMessage(message);
    }

    /** The appending request's trace, and its correlation id as baggage, which the record's headers carry on to consumers. */
    private static Context parentContext(String traceparent, String correlationId) {
        Context parent = correlationId == null ? Context.root()
                : Context.root().with(Baggage.builder().put(CorrelationId.BAGGAGE_KEY, correlationId).build());
        if (traceparent == null) {
            return parent;
        }
        return W3CTraceContextPropagator.getInstance().extract(parent, Map.of("traceparent", traceparent), MAP_GETTER);
    }

    private String writeJson(EventEnvelope envelope) {
        try {
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event envelope could not be written", e);
        }
    }
}
