package at.meldestelle.infra.eventstore.stream;

import com.fasterxml.jackson.databind.JsonNode;

/** An event as a client proposes it, before it has a version. */
public record NewEvent(String eventId, String type, int schemaVersion, JsonNode data, JsonNode metadata) {
}
