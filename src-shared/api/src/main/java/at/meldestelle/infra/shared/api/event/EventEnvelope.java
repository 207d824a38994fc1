package at.meldestelle.infra.shared.api.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A recorded event as the event store returns it over REST and publishes it on Kafka topic
 * {@code eventstore.events}.
 *
 * @param position where the event sits in the store's commit log ({@code <partition>/<entry id>})
 */
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
