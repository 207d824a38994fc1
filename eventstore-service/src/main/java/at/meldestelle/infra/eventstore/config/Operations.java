package at.meldestelle.infra.eventstore.config;

/**
 * The operations a caller may be allowed, each needing the permission that
 * {@code meldestelle.security.operations.<operation>} names (src-shared/security); ADMIN may do all.
 */
public final class Operations {

    /** Read events, stream info, snapshots, subscriptions, a subscription group's settings and parked deliveries. */
    public static final String READ = "eventstore.read";
    /** Take deliveries from a persistent subscription and ack or nack (park) them: it moves the group on. */
    public static final String CONSUME = "eventstore.consume";
    /** Append events and write snapshots. */
    public static final String APPEND = "eventstore.append";
    /** Stream metadata and deletes, subscription groups, upcasters, replays of parked events. */
    public static final String ADMIN = "eventstore.admin";

    private Operations() {
    }
}
