package at.meldestelle.infra.eventstore.stream;

import at.meldestelle.infra.shared.api.problem.ProblemException;

import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A stream id such as {@code member-4711}: category, dash, id. Braces are refused because the name
 * becomes part of Redis keys whose hash tag must stay the partition's.
 */
public record StreamName(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@+=-]{0,199}");
    /** A category is what precedes a stream name's first dash, so it has none. */
    private static final Pattern CATEGORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@+=]{0,199}");

    public static StreamName parse(String value) {
        if (value == null || !VALID.matcher(value).matches()) {
            throw ProblemException.badRequest("Stream name '" + value + "' is not valid: use 1 to 200 characters of "
                    + "letters, digits and _ . : @ + = -, starting with a letter or digit (e.g. member-4711).");
        }
        return new StreamName(value);
    }

    /** A category as a client names it (to subscribe to it); 400 when no stream name could have it. */
    public static String parseCategory(String category) {
        if (category == null || !CATEGORY.matcher(category).matches()) {
            throw ProblemException.badRequest("Category " + ProblemException.quoted(category) + " is not valid: the part of "
                    + "a stream name before its first dash, 1 to 200 letters, digits and _ . : @ + =.");
        }
        return category;
    }

    /** The part before the first dash ({@code member} of {@code member-4711}); a name without a dash is its own category. */
    public String category() {
        int dash = value.indexOf('-');
        return dash < 0 ? value : value.substring(0, dash);
    }

    public int partition(int partitions) {
        CRC32 crc = new CRC32();
        crc.update(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    @Override
    public String toString() {
        return value;
    }
}
