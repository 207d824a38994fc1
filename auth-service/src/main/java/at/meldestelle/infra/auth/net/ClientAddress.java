package at.meldestelle.infra.auth.net;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.shared.runtime.net.TrustedProxies;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The address a request comes from, for throttling and the audit trail: from a trusted proxy
 * ({@code auth.trusted-proxies}: the gateway, an ingress before it) the client that its
 * {@code X-Forwarded-For} chain vouches for; from any other peer the header is ignored.
 */
@ApplicationScoped
public class ClientAddress {

    private final TrustedProxies trustedProxies;

    @Inject
    public ClientAddress(AuthConfig config) {
        this(config.trustedProxies());
    }

    ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = TrustedProxies.of(trustedProxies, "auth.trusted-proxies");
    }

    public String of(HttpServerRequest request) {
        // A proxy may append its entry as a header line of its own: all lines, in order, make the chain.
        List<String> lines = request.headers().getAll("X-Forwarded-For");
        return resolve(request.remoteAddress().hostAddress(), lines.isEmpty() ? null : String.join(",", lines));
    }

    /** The address for a connection from {@code peer} that carried {@code forwardedFor} (null when none). */
    public String resolve(String peer, String forwardedFor) {
        return trustedProxies.clientOf(peer, forwardedFor);
    }
}
