package at.meldestelle.infra.eventstore.redis;

import at.meldestelle.infra.eventstore.stream.StreamName;

/**
 * Redis key layout. All keys of one partition share the hash tag {@code {p<n>}}, so one append,
 * which touches a stream's keys and its partition's outbox and position counter, stays in one
 * Redis Cluster slot.
 */
public final class StoreKeys {

    private StoreKeys() {
    }

    static String events(int partition, StreamName stream) {
        return eventsPrefix(partition) + stream;
    }

    static String meta(int partition, StreamName stream) {
        return metaPrefix(partition) + stream;
    }

    static String eventIds(int partition, StreamName stream) {
        return prefix(partition) + "ids:" + stream;
    }

    static String snapshot(int partition, StreamName stream) {
        return prefix(partition) + "snap:" + stream;
    }

    /**
     * The partition's events of one category in commit order: entry id {@code 0-<position>}, fields
     * stream and version. Category subscriptions read it, and the subscription tail blocks on it.
     */
    public static String categoryIndex(int partition, String category) {
        return prefix(partition) + "c:" + category;
    }

    /** Upcasting steps registered over the admin API: {@code <type>/<from version>} to a JSON Patch document. */
    static String upcasters() {
        return "es:upcasters";
    }

    /** A persistent subscription's settings; not in a partition, as it spans all of them. */
    static String groupSettings(String group) {
        return "es:subscriptions:" + group;
    }

    /** Why a persistent subscription's entries of the partition were parked: entry id to reason. */
    static String parkingReasons(int partition, String group) {
        return prefix(partition) + "ps:" + group + ":parked";
    }

    /** What precedes a stream name in its events key; category reads find events through it. */
    static String eventsPrefix(int partition) {
        return prefix(partition) + "s:";
    }

    static String metaPrefix(int partition) {
        return prefix(partition) + "m:";
    }

    /** The partition's commit position: the number of events ever appended to it. */
    static String positions(int partition) {
        return prefix(partition) + "pos";
    }

    public static String outbox(int partition) {
        return prefix(partition) + "outbox";
    }

    /** Outbox entries that Kafka refused, kept for an operator. */
    public static String parked(int partition) {
        return prefix(partition) + "parked";
    }

    public static String forwarderLease(int partition) {
        return prefix(partition) + "forwarder";
    }

    /** Incremented on every change of lease holder: the fencing token. */
    public static String forwarderEpoch(int partition) {
        return prefix(partition) + "forwarder:epoch";
    }

    private static String prefix(int partition) {
        return "es:{p" + partition + "}:";
    }
}
