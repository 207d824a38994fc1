package at.meldestelle.infra.shared.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * A recorded event as the event store returns it over REST and publishes it on Kafka topic
 * {@code eventstore.events}.
 *
 * @param position where the event sits in the store's commit log ({@code <partition>/<entry id>})
 */
@RegisterForReflection
public record EventEnvelope(
        String eventId,
        String type,
        String stream,
        long version,
        int schemaVersion,
        JsonNode data,
        JsonNode metadata,
        Instant recordedAt,
        String position) {
}
