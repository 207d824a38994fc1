package at.meldestelle.infra.gateway.headers;

import at.meldestelle.infra.shared.api.security.IdentityHeaders;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Removes the request headers an upstream must never get from a client. */
final class HeaderHygiene {

    private static final String IDENTITY_PREFIX = IdentityHeaders.PREFIX.toLowerCase(Locale.ROOT);
    /** Never taken for hop-by-hop, whatever Connection says: the request would change its meaning or lose its body. */
    private static final Set<String> END_TO_END = Set.of("content-length", "transfer-encoding", "host", "authorization",
            "content-type");

    private HeaderHygiene() {
    }

    static void clean(MultiMap headers) {
        List<String> drop = new ArrayList<>();
        // Headers a client names in Connection are hop-by-hop (RFC 9110 7.6.1); vertx-http-proxy drops only the fixed set.
        for (String connection : headers.getAll("Connection")) {
            for (String name : connection.split(",")) {
                String trimmed = name.trim();
                if (!trimmed.isEmpty() && !END_TO_END.contains(trimmed.toLowerCase(Locale.ROOT))) {
                    drop.add(trimmed);
                }
            }
        }
        for (String name : headers.names()) {
            // Many servers read '_' as '-' (CGI, some frameworks), so X_User_Id would arrive as X-User-Id.
            // As nginx does by default, names with '_' are not passed on at all.
            if (name.indexOf('_') >= 0 || name.toLowerCase(Locale.ROOT).startsWith(IDENTITY_PREFIX)) {
                drop.add(name);
            }
        }
        drop.forEach(headers::remove);
    }
}
