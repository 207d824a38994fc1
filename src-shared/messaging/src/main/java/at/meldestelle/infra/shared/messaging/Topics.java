package at.meldestelle.infra.shared.messaging;

/** Kafka topics of the platform. Dead letters go to {@code <topic>.dlq}. */
public final class Topics {

    public static final String EVENTSTORE_EVENTS = "eventstore.events";

    private Topics() {
    }
}
