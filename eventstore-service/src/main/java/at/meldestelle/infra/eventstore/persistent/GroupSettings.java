package at.meldestelle.infra.eventstore.persistent;

import at.meldestelle.infra.eventstore.stream.StreamName;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Pattern;

/**
 * A persistent subscription: a named group of competing consumers over one category's events.
 *
 * @param fromStart     whether the group begins with the category's first event (else with the next one)
 * @param maxDeliveries deliveries without an ack after which an event is parked
 * @param ackTimeoutMs  how long a consumer may hold an event before it is given to another
 */
public record GroupSettings(String group, String category, boolean fromStart, int maxDeliveries, long ackTimeoutMs) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    public static String group(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("A subscription group is 1 to 100 letters, digits and _ . -, starting with a "
                    + "letter or digit, not " + ProblemException.quoted(name) + ".");
        }
        return name;
    }

    /** A consumer's name; names starting with an underscore are the store's own (parked, replay). */
    public static String consumer(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("consumer must be 1 to 100 letters, digits and _ . -, starting with a letter or "
                    + "digit, not " + ProblemException.quoted(name) + ".");
        }
        return name;
    }

    /** {@code {"category": "member", "from": "start"|"end", "maxDeliveries": 10, "ackTimeoutMs": 30000}}. */
    public static GroupSettings parse(String group, JsonNode body) {
        if (body == null || !body.isObject() || !body.path("category").isTextual()) {
            throw ProblemException.badRequest("A subscription is {\"category\": \"member\", \"from\": \"start\" | \"end\", "
                    + "\"maxDeliveries\": 1..1000, \"ackTimeoutMs\": 1000..3600000}; category is the part of stream names before the first dash.");
        }
        String from = body.path("from").asText("start");
        if (!from.equals("start") && !from.equals("end")) {
            throw ProblemException.badRequest("from must be start or end, not " + ProblemException.quoted(from) + ".");
        }
        return new GroupSettings(group(group), StreamName.parseCategory(body.get("category").asText()), from.equals("start"),
                (int) number(body, "maxDeliveries", 10, 1, 1000), number(body, "ackTimeoutMs", 30_000, 1000, 3_600_000));
    }

    private static long number(JsonNode body, String name, long fallback, long min, long max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw ProblemException.badRequest(name + " must be a whole number from " + min + " to " + max + ".");
        }
        return value.asLong();
    }
}
