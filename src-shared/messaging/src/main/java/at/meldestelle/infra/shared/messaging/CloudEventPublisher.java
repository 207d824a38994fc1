package at.meldestelle.infra.shared.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Publishes JSON payloads as CloudEvents (binary mode, {@link CloudEvents}) on one channel, keyed by
 * the event's subject so that the events of one subject keep their order. The channel needs
 * {@code cloud-events-mode=binary} and String serializers.
 */
public final class CloudEventPublisher {

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;
    private final Duration ackTimeout;

    /** @param ackTimeout how long {@link #publish} waits for the broker's acknowledgement before it fails */
    public CloudEventPublisher(MutinyEmitter<String> emitter, ObjectMapper json, Duration ackTimeout) {
        this.emitter = emitter;
        this.json = json;
        this.ackTimeout = ackTimeout;
    }

    /**
     * Completes once the broker has the record; fails after the acknowledgement timeout without it.
     *
     * @param subject       the record key and {@code ce_subject}
     * @param correlationId the request's correlation id, or null
     */
    public Uni<Void> publish(String type, URI source, String subject, Object payload, String correlationId) {
        return Uni.createFrom().item(() -> Message.of(write(type, payload))
                        .addMetadata(CloudEvents.outgoing(UUID.randomUUID().toString(), type, source, subject, Instant.now(), correlationId))
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(subject).build()))
                .flatMap(emitter::sendMessage)
                .ifNoItem().after(ackTimeout).fail();
    }

    private String write(String type, Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The payload of a " + type + " event cannot be written as JSON", e);
        }
    }
}
