package at.meldestelle.infra.gateway.proxy;

/**
 * Upstream answers that mean the upstream, not the request, failed: a proxy or gateway before it
 * could not reach it, or timed out. A 503 is the service's own word (overloaded, not ready,
 * Retry-After): passed on, never held against it, never retried.
 */
public final class UpstreamStatus {

    private UpstreamStatus() {
    }

    public static boolean failed(int status) {
        return status == 502 || status == 504;
    }
}
