package at.meldestelle.infra.shared.messaging;

/** Kafka topics of the platform. Dead letters go to {@code <topic>.dlq}. */
public final class Topics {

    public static final String EVENTSTORE_EVENTS = "eventstore.events";
    public static final String AUTH_REVOCATIONS = "auth.revocations";
    public static final String AUTH_AUDIT = "auth.audit";

    private Topics() {
    }
}
