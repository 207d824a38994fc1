package at.meldestelle.infra.eventstore.persistent;

import at.meldestelle.infra.shared.api.problem.ProblemException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names one delivery of a persistent subscription: the partition and the category index entry, {@code 3/0-17}. */
public record AckId(int partition, String entryId) {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,5})/(\\d{1,19}-\\d{1,19})");

    public static AckId parse(String text, int partitions) {
        Matcher matcher = text == null ? null : FORMAT.matcher(text);
        if (matcher == null || !matcher.matches() || Integer.parseInt(matcher.group(1)) >= partitions) {
            throw ProblemException.badRequest(ProblemException.quoted(text) + " is not an ackId this store gave out (<partition>/<entry id>).");
        }
        return new AckId(Integer.parseInt(matcher.group(1)), matcher.group(2));
    }

    @Override
    public String toString() {
        return partition + "/" + entryId;
    }
}
