package at.meldestelle.infra.shared.testing;

/** A server could not bind the port it was given: another process took it first. Start again on another. */
final class PortTakenException extends IllegalStateException {

    PortTakenException(String message) {
        super(message);
    }
}
