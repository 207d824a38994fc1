package at.meldestelle.infra.gateway.headers;

import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hop-by-hop headers end at the gateway (RFC 9110 7.6.1): those a message names in
 * {@code Connection}, and the fixed set. vertx-http-proxy drops the fixed set from requests only,
 * and nothing that a request or an answer names in {@code Connection}.
 */
public final class HopByHop {

    /** Never taken for hop-by-hop, whatever Connection says: the message would change its meaning or lose its body. */
    private static final Set<String> END_TO_END = Set.of("content-length", "transfer-encoding", "host", "authorization",
            "content-type");
    /** Transfer-Encoding is not here: the proxy frames the answer itself. */
    private static final List<String> FIXED = List.of("Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate",
            "TE", "Trailer", "Upgrade");

    private HopByHop() {
    }

    /** Removes the headers that {@code Connection} names. */
    public static void removeNamedInConnection(MultiMap headers) {
        List<String> drop = new ArrayList<>();
        for (String connection : headers.getAll("Connection")) {
            for (String name : connection.split(",")) {
                String trimmed = name.trim();
                if (!trimmed.isEmpty() && !END_TO_END.contains(trimmed.toLowerCase(Locale.ROOT))) {
                    drop.add(trimmed);
                }
            }
        }
        drop.forEach(headers::remove);
    }

    /** Removes every hop-by-hop header of an upstream's answer before it goes to the client. */
    public static void removeFromAnswer(MultiMap headers) {
        removeNamedInConnection(headers);
        FIXED.forEach(headers::remove);
    }
}
