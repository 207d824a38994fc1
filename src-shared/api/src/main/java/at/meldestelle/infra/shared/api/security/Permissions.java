package at.meldestelle.infra.shared.api.security;

import java.util.List;

/** Fine-grained permissions, carried in the {@code permissions} claim. */
public final class Permissions {

    public static final String READ_MEMBERS = "READ_MEMBERS";
    public static final String WRITE_MEMBERS = "WRITE_MEMBERS";
    public static final String READ_HORSES = "READ_HORSES";
    public static final String WRITE_HORSES = "WRITE_HORSES";
    public static final String READ_EVENTS = "READ_EVENTS";
    public static final String WRITE_EVENTS = "WRITE_EVENTS";
    public static final String READ_MASTERDATA = "READ_MASTERDATA";
    public static final String WRITE_MASTERDATA = "WRITE_MASTERDATA";

    // The platform's own services (zero trust behind the gateway). Distinct from the business
    // permissions above: READ_EVENTS is about show events, not the event store's records.
    public static final String EVENTSTORE_READ = "EVENTSTORE_READ";
    public static final String EVENTSTORE_APPEND = "EVENTSTORE_APPEND";
    public static final String EVENTSTORE_CONSUME = "EVENTSTORE_CONSUME";
    public static final String EVENTSTORE_ADMIN = "EVENTSTORE_ADMIN";
    public static final String CACHE_READ = "CACHE_READ";
    public static final String CACHE_WRITE = "CACHE_WRITE";
    public static final String CACHE_ADMIN = "CACHE_ADMIN";

    public static final List<String> ALL = List.of(READ_MEMBERS, WRITE_MEMBERS, READ_HORSES, WRITE_HORSES,
            READ_EVENTS, WRITE_EVENTS, READ_MASTERDATA, WRITE_MASTERDATA,
            EVENTSTORE_READ, EVENTSTORE_APPEND, EVENTSTORE_CONSUME, EVENTSTORE_ADMIN, CACHE_READ, CACHE_WRITE, CACHE_ADMIN);

    private Permissions() {
    }
}
