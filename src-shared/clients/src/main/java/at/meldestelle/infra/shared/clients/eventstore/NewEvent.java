package at.meldestelle.infra.shared.clients.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.UUID;

/**
 * An event to append. Keep the eventId when you retry an append: the store recognises the batch and
 * answers the original versions instead of storing it twice.
 */
public record NewEvent(String eventId, String type, int schemaVersion, JsonNode data, JsonNode metadata) {

    /** An event of schema version 1 with a fresh eventId and no metadata. */
    public static NewEvent of(String type, JsonNode data) {
        return new NewEvent(UUID.randomUUID().toString(), type, 1, data, JsonNodeFactory.instance.objectNode());
    }
}
