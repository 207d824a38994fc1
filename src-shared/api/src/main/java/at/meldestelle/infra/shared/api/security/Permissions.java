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

    public static final List<String> ALL = List.of(READ_MEMBERS, WRITE_MEMBERS, READ_HORSES, WRITE_HORSES,
            READ_EVENTS, WRITE_EVENTS, READ_MASTERDATA, WRITE_MASTERDATA);

    private Permissions() {
    }
}
