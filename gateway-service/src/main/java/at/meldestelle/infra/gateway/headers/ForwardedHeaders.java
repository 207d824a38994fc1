package at.meldestelle.infra.gateway.headers;

import at.meldestelle.infra.shared.runtime.net.TrustedProxies;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * {@code X-Forwarded-*} and {@code X-Real-IP} for upstreams, owned by the gateway (vertx-http-proxy
 * adds none by itself). A client's own values are replaced, so an upstream or a per-address limit
 * never keys on what the caller chose. Only a trusted proxy in front of the gateway (an ingress that
 * terminates TLS) has its chain, scheme and host kept.
 */
final class ForwardedHeaders {

    private static final List<String> OWNED = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Proto",
            "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Real-IP");

    private ForwardedHeaders() {
    }

    /** Sets the headers and answers the client's address. */
    static String apply(HttpServerRequest request, String strippedPrefix, TrustedProxies trustedProxies) {
        MultiMap headers = request.headers();
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        boolean fromTrustedProxy = trustedProxies.trusts(peer);
        List<String> chain = headers.getAll("X-Forwarded-For");
        String earlier = fromTrustedProxy && !chain.isEmpty() ? String.join(", ", chain) : null;
        String client = trustedProxies.clientOf(peer, earlier);
        String proto = fromTrustedProxy ? headers.get("X-Forwarded-Proto") : null;
        String host = fromTrustedProxy ? headers.get("X-Forwarded-Host") : null;
        String port = fromTrustedProxy ? headers.get("X-Forwarded-Port") : null;
        OWNED.forEach(headers::remove);

        headers.set("X-Forwarded-For", earlier == null ? peer : earlier + ", " + peer);
        headers.set("X-Real-IP", client);
        headers.set("X-Forwarded-Proto", proto != null ? proto : request.scheme());
        if (host != null) {
            headers.set("X-Forwarded-Host", host);
        } else if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        headers.set("X-Forwarded-Port", port != null ? port : Integer.toString(request.localAddress() == null
                ? -1 : request.localAddress().port()));
        if (!strippedPrefix.isEmpty()) {
            headers.set("X-Forwarded-Prefix", strippedPrefix);
        }
        return client;
    }
}
