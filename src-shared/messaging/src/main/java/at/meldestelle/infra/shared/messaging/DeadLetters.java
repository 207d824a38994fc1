package at.meldestelle.infra.shared.messaging;

/**
 * The dead-letter convention (DESIGN section 4): a record that failed its bounded retries goes to
 * {@code <topic>.dlq}, with SmallRye's headers saying why and from where.
 */
public final class DeadLetters {

    public static final String SUFFIX = ".dlq";
    /** Headers SmallRye's {@code dead-letter-queue} failure strategy writes. */
    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /** Every header the failure strategy adds begins with this. */
    public static final String HEADER_PREFIX = "dead-letter-";

    private DeadLetters() {
    }

    public static String topicOf(String topic) {
        return topic + SUFFIX;
    }
}
