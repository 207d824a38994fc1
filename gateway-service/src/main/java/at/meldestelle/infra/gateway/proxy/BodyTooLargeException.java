package at.meldestelle.infra.gateway.proxy;

/** The client sent more body than the gateway takes: its fault, not the upstream's. */
public final class BodyTooLargeException extends RuntimeException {

    public BodyTooLargeException(long limit) {
        super(message(limit), null, false, false);
    }

    static String message(long limit) {
        return "The request body is larger than the limit of " + limit + " bytes.";
    }
}
