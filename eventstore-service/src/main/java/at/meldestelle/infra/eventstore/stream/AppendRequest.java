package at.meldestelle.infra.eventstore.stream;

import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The body of {@code POST /streams/{stream}/events}, checked field by field with a clear message. */
public record AppendRequest(ExpectedVersion expectedVersion, List<NewEvent> events) {

    /** How big one append may be. */
    public record Limits(int events, long eventBytes, long appendBytes) {
    }

    public static AppendRequest parse(JsonNode body, Limits limits, ObjectMapper json) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object {\"expectedVersion\": ..., \"events\": [...]}.");
        }
        JsonNode events = body.get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw ProblemException.badRequest("events must be a non-empty array.");
        }
        if (events.size() > limits.events()) {
            throw ProblemException.badRequest("One append takes at most " + limits.events() + " events, not " + events.size() + ".");
        }
        ExpectedVersion expectedVersion = ExpectedVersion.parse(body.get("expectedVersion"));
        List<NewEvent> parsed = new ArrayList<>(events.size());
        Set<String> ids = new HashSet<>();
        long appendBytes = 0;
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = parseEvent(events.get(i), i, json);
            if (!ids.add(event.eventId())) {
                throw ProblemException.badRequest("events[" + i + "].eventId " + event.eventId() + " occurs twice in this batch.");
            }
            long bytes = utf8Length(event.type()) + utf8Length(event.data()) + utf8Length(event.metadata());
            if (bytes > limits.eventBytes()) {
                throw tooLarge("events[" + i + "] is " + bytes + " bytes (type, data and metadata), more than the limit of "
                        + limits.eventBytes() + " bytes per event.");
            }
            appendBytes += bytes;
            if (appendBytes > limits.appendBytes()) {
                throw tooLarge("The events of this append are more than the limit of " + limits.appendBytes()
                        + " bytes per append (type, data and metadata); split it into several appends.");
            }
            parsed.add(event);
        }
        return new AppendRequest(expectedVersion, List.copyOf(parsed));
    }

    private static NewEvent parseEvent(JsonNode event, int index, ObjectMapper json) {
        String at = "events[" + index + "]";
        if (!event.isObject()) {
            throw ProblemException.badRequest(at + " must be an object.");
        }
        String eventId = text(event, "eventId", at);
        try {
            eventId = UUID.fromString(eventId).toString();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(at + ".eventId must be a UUID, not '" + abbreviated(eventId) + "'.");
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
        if (metadata == null) {
            metadata = NullNode.getInstance();
        } else if (!metadata.isNull() && !metadata.isObject()) {
            throw ProblemException.badRequest(at + ".metadata must be an object.");
        }
        return new NewEvent(eventId, type, version, write(json, data), write(json, metadata),
                ContentHash.of(type, version, data, metadata));
    }

    private static String text(JsonNode event, String field, String at) {
        JsonNode value = event.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw ProblemException.badRequest(at + "." + field + " must be a non-empty string.");
        }
        return value.textValue();
    }

    private static String abbreviated(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }

    private static String write(ObjectMapper json, JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON tree could not be written back", e);
        }
    }

    private static ProblemException tooLarge(String detail) {
        return new ProblemException(Problem.ofStatus(413, detail));
    }

    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
