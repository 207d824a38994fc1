package at.meldestelle.infra.gateway.headers;

import at.meldestelle.infra.shared.api.security.IdentityHeaders;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Removes the request headers an upstream must never get from a client. */
final class HeaderHygiene {

    private static final String IDENTITY_PREFIX = IdentityHeaders.PREFIX.toLowerCase(Locale.ROOT);

    private HeaderHygiene() {
    }

    static void clean(MultiMap headers) {
        HopByHop.removeNamedInConnection(headers);
        List<String> drop = new ArrayList<>();
        for (String name : headers.names()) {
            // Many servers read '_' as '-' (CGI, some frameworks), so X_User_Id would arrive as X-User-Id.
            // As nginx does by default, names with '_' are not passed on at all.
            if (name.indexOf('_') >= 0 || name.toLowerCase(Locale.ROOT).startsWith(IDENTITY_PREFIX)) {
                drop.add(name);
            }
        }
        drop.forEach(headers::remove);
        // A client's W3C baggage would reach every internal service; the edge sends only its own.
        headers.remove("baggage");
    }
}
