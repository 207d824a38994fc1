package at.meldestelle.infra.gateway.routing;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code X-Forwarded-*} for upstreams; vertx-http-proxy adds none by itself. What the client sent
 * is replaced, except {@code X-Forwarded-For}, which is a chain and gets the client appended.
 */
final class ForwardedHeaders {

    private ForwardedHeaders() {
    }

    static void apply(HttpServerRequest request, String strippedPrefix) {
        MultiMap headers = request.headers();
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (client != null) {
            String earlier = headers.get("X-Forwarded-For");
            headers.set("X-Forwarded-For", earlier == null ? client : earlier + ", " + client);
        }
        headers.set("X-Forwarded-Proto", request.scheme());
        headers.remove("Forwarded");
        headers.remove("X-Forwarded-Host");
        headers.remove("X-Forwarded-Prefix");
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        if (!strippedPrefix.isEmpty()) {
            headers.set("X-Forwarded-Prefix", strippedPrefix);
        }
    }
}
