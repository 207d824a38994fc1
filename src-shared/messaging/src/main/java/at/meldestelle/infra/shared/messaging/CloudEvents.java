package at.meldestelle.infra.shared.messaging;

import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * CloudEvents 1.0 metadata for an outgoing message; with {@code cloud-events-mode=binary} SmallRye
 * writes it as the {@code ce_*} headers of {@link CloudEventHeaders}, the correlation id included.
 */
public final class CloudEvents {

    private CloudEvents() {
    }

    /**
     * @param source        where the event comes from, e.g. {@code /eventstore/streams/member-4711}
     * @param subject       what it is about within the source (the stream, the user)
     * @param correlationId the request's correlation id, or null when none is known
     */
    public static OutgoingCloudEventMetadata<Object> outgoing(String id, String type, URI source, String subject,
                                                              Instant time, String correlationId) {
        var builder = OutgoingCloudEventMetadata.builder()
                .withId(id)
                .withType(type)
                .withSource(source)
                .withSubject(subject)
                .withTimestamp(time.atZone(ZoneOffset.UTC))
                .withDataContentType("application/json");
        if (correlationId != null && !correlationId.isEmpty()) {
            builder.withExtension(CorrelationId.CLOUD_EVENT_EXTENSION, correlationId);
        }
        return builder.build();
    }
}
