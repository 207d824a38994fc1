package at.meldestelle.infra.eventstore.stream;

import at.meldestelle.infra.shared.api.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.OptionalLong;

/**
 * A stream's metadata: retention ({@code maxCount} events, {@code maxAge} seconds, as KurrentDB's
 * {@code $maxCount} and {@code $maxAge}) beside any members of the owner's own, kept as they are.
 */
public record StreamMetadata(JsonNode json, OptionalLong maxCount, OptionalLong maxAgeSeconds) {

    public static StreamMetadata parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("Stream metadata must be a JSON object, e.g. {\"maxCount\": 1000, \"maxAge\": 86400}.");
        }
        return new StreamMetadata(body, positive(body, "maxCount"), positive(body, "maxAge"));
    }

    private static OptionalLong positive(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1) {
            throw ProblemException.badRequest(name + " must be a whole number >= 1" + ("maxAge".equals(name) ? " (seconds)" : "")
                    + ", not " + value + ".");
        }
        return OptionalLong.of(value.longValue());
    }
}
