package at.meldestelle.infra.eventstore.stream;

import at.meldestelle.infra.shared.api.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The optimistic concurrency check of an append: {@code any}, {@code no_stream},
 * {@code stream_exists} or the exact current version. Encoded for the append script as its text.
 */
public record ExpectedVersion(String encoded) {

    public static final ExpectedVersion ANY = new ExpectedVersion("any");

    /** From a query parameter of a delete: absent means any, else the exact current version. */
    public static ExpectedVersion ofQuery(String value) {
        if (value == null || value.isEmpty() || value.equals("any")) {
            return ANY;
        }
        try {
            long version = Long.parseLong(value);
            if (version >= 0) {
                return new ExpectedVersion(Long.toString(version));
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("expectedVersion must be any or a version number >= 0, not '" + value + "'.");
    }

    public static ExpectedVersion parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return ANY;
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
            return new ExpectedVersion(Long.toString(node.longValue()));
        }
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.equals("any") || text.equals("no_stream") || text.equals("stream_exists")) {
                return new ExpectedVersion(text);
            }
        }
        throw ProblemException.badRequest("expectedVersion must be \"any\", \"no_stream\", \"stream_exists\" "
                + "or a version number >= 0, not " + node);
    }
}
