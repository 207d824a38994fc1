package at.meldestelle.infra.eventstore.subscription;

import at.meldestelle.infra.shared.api.problem.ProblemException;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Where a category subscription stands: per partition, the last position it delivered. Written as
 * {@code <partition>:<position>} pairs joined by commas, partitions at 0 left out ({@code 3:17,5:2}).
 * A category has no order across partitions, so one position cannot say where a client stands.
 */
final class CategoryCheckpoint {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,5}:\\d{1,18})(,\\d{1,5}:\\d{1,18})*");

    private CategoryCheckpoint() {
    }

    static long[] parse(String text, int partitions) {
        long[] positions = new long[partitions];
        if (text.isEmpty()) {
            return positions;
        }
        if (text.length() > partitions * 26 || !FORMAT.matcher(text).matches()) {
            throw invalid(text, partitions);
        }
        for (String pair : text.split(",")) {
            int colon = pair.indexOf(':');
            int partition = Integer.parseInt(pair.substring(0, colon));
            if (partition >= partitions) {
                throw invalid(text, partitions);
            }
            positions[partition] = Long.parseLong(pair.substring(colon + 1));
        }
        return positions;
    }

    static String format(long[] positions) {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < positions.length; p++) {
            if (positions[p] > 0) {
                if (!text.isEmpty()) {
                    text.append(',');
                }
                text.append(p).append(':').append(positions[p]);
            }
        }
        return text.toString();
    }

    static long[] copy(long[] positions) {
        return Arrays.copyOf(positions, positions.length);
    }

    private static ProblemException invalid(String text, int partitions) {
        return ProblemException.badRequest("A category checkpoint is <partition>:<position> pairs joined by commas, with "
                + "partitions below " + partitions + " (the id of the last checkpoint event received), not " + ProblemException.quoted(text) + ".");
    }
}
