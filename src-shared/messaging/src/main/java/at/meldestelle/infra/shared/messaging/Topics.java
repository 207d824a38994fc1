package at.meldestelle.infra.shared.messaging;

/** Kafka topics of the platform. Dead letters go to {@code <topic>.dlq}. */
public final class Topics {

    public static final String EVENTSTORE_EVENTS = "eventstore.events";
    /** Revoked tokens and sessions, disabled users (auth-service); the gateway stops honouring them. */
    public static final String AUTH_REVOCATIONS = "auth.revocations";
    /** Logins (success and failure) and admin changes (auth-service), for audit trails and alerting. */
    public static final String AUTH_AUDIT = "auth.audit";

    private Topics() {
    }
}
