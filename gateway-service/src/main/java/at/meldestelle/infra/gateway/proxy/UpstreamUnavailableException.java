package at.meldestelle.infra.gateway.proxy;

/** No instance of an upstream could be chosen. */
public final class UpstreamUnavailableException extends RuntimeException {

    UpstreamUnavailableException(String upstream, Throwable cause) {
        super("No instance of " + upstream + " is available: " + cause.getMessage(), cause, false, false);
    }
}
