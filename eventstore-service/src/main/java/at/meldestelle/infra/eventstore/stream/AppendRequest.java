package at.meldestelle.infra.eventstore.stream;

import at.meldestelle.infra.shared.api.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The body of {@code POST /streams/{stream}/events}, checked field by field with a clear message. */
public record AppendRequest(ExpectedVersion expectedVersion, List<NewEvent> events) {

    public static AppendRequest parse(JsonNode body, int maxEvents) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object {\"expectedVersion\": ..., \"events\": [...]}.");
        }
        JsonNode events = body.get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw ProblemException.badRequest("events must be a non-empty array.");
        }
        if (events.size() > maxEvents) {
            throw ProblemException.badRequest("One append takes at most " + maxEvents + " events, not " + events.size() + ".");
        }
        List<NewEvent> parsed = new ArrayList<>(events.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = parseEvent(events.get(i), i);
            if (!ids.add(event.eventId())) {
                throw ProblemException.badRequest("events[" + i + "].eventId " + event.eventId() + " occurs twice in this batch.");
            }
            parsed.add(event);
        }
        return new AppendRequest(ExpectedVersion.parse(body.get("expectedVersion")), List.copyOf(parsed));
    }

    private static NewEvent parseEvent(JsonNode event, int index) {
        String at = "events[" + index + "]";
        if (!event.isObject()) {
            throw ProblemException.badRequest(at + " must be an object.");
        }
        String eventId = text(event, "eventId", at);
        try {
            eventId = UUID.fromString(eventId).toString();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(at + ".eventId must be a UUID, not '" + eventId + "'.");
        }
        String type = text(event, "type", at);
        if (type.length() > 200) {
            throw ProblemException.badRequest(at + ".type must be at most 200 characters.");
        }
        JsonNode schemaVersion = event.get("schemaVersion");
        int version = 1;
        if (schemaVersion != null && !schemaVersion.isNull()) {
            if (!schemaVersion.isIntegralNumber() || !schemaVersion.canConvertToInt() || schemaVersion.intValue() < 1) {
                throw ProblemException.badRequest(at + ".schemaVersion must be an integer >= 1.");
            }
            version = schemaVersion.intValue();
        }
        JsonNode data = event.get("data");
        if (data == null) {
            throw ProblemException.badRequest(at + ".data is missing.");
        }
        JsonNode metadata = event.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw ProblemException.badRequest(at + ".metadata must be an object.");
        }
        return new NewEvent(eventId, type, version, data, metadata == null ? NullNode.getInstance() : metadata);
    }

    private static String text(JsonNode event, String field, String at) {
        JsonNode value = event.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw ProblemException.badRequest(at + "." + field + " must be a non-empty string.");
        }
        return value.textValue();
    }
}
