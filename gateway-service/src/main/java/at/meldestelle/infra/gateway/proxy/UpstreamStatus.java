package at.meldestelle.infra.gateway.proxy;

/** Upstream answers that mean the upstream, not the request, failed. */
public final class UpstreamStatus {

    private UpstreamStatus() {
    }

    public static boolean failed(int status) {
        return status == 502 || status == 503 || status == 504;
    }
}
