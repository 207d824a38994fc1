package at.meldestelle.infra.shared.messaging;

/**
 * A record that no retry can help: not a CloudEvent, undecodable, or refused by its handler for
 * what it says. {@link EventConsumer} sends it to the dead-letter topic at once.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
