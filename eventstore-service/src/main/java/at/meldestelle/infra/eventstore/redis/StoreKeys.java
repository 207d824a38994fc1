package at.meldestelle.infra.eventstore.redis;

import at.meldestelle.infra.eventstore.stream.StreamName;

/**
 * Redis key layout. All keys of one partition share the hash tag {@code {p<n>}}, so one append,
 * which touches a stream's keys and its partition's outbox, stays in one Redis Cluster slot.
 */
public final class StoreKeys {

    private StoreKeys() {
    }

    static String events(int partition, StreamName stream) {
        return prefix(partition) + "s:" + stream;
    }

    static String meta(int partition, StreamName stream) {
        return prefix(partition) + "m:" + stream;
    }

    static String eventIds(int partition, StreamName stream) {
        return prefix(partition) + "ids:" + stream;
    }

    public static String outbox(int partition) {
        return prefix(partition) + "outbox";
    }

    public static String forwarderLease(int partition) {
        return prefix(partition) + "forwarder";
    }

    private static String prefix(int partition) {
        return "es:{p" + partition + "}:";
    }
}
