package at.meldestelle.infra.gateway.headers;

import at.meldestelle.infra.shared.security.CallerClaims;
import at.meldestelle.infra.shared.api.security.IdentityHeaders;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.MultiMap;

import java.util.TreeSet;

/**
 * Tells upstreams who calls: {@code X-User-*} headers from the validated token (whatever the
 * client sent is gone by then, {@link HeaderHygiene}).
 */
final class UpstreamIdentity {

    private UpstreamIdentity() {
    }

    static void apply(MultiMap headers, SecurityIdentity caller) {
        if (caller == null) {
            return;
        }
        headers.set(IdentityHeaders.USER_ID, CallerClaims.subject(caller));
        headers.set(IdentityHeaders.USER_ROLES, String.join(",", new TreeSet<>(caller.getRoles())));
        headers.set(IdentityHeaders.USER_PERMISSIONS, String.join(",", CallerClaims.permissions(caller)));
    }
}
