package at.meldestelle.infra.gateway.security;

import at.meldestelle.infra.shared.api.security.IdentityHeaders;
import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.MultiMap;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Tells upstreams who calls: {@code X-User-*} headers from the validated token. Whatever
 * {@code X-User-*} headers the client sent are dropped first, so they cannot be forged.
 */
public final class UpstreamIdentity {

    private UpstreamIdentity() {
    }

    public static void apply(MultiMap headers, SecurityIdentity caller) {
        List<String> forged = headers.names().stream()
                .filter(name -> name.regionMatches(true, 0, IdentityHeaders.PREFIX, 0, IdentityHeaders.PREFIX.length()))
                .toList();
        forged.forEach(headers::remove);
        if (caller == null) {
            return;
        }
        headers.set(IdentityHeaders.USER_ID, subject(caller));
        headers.set(IdentityHeaders.USER_ROLES, String.join(",", new TreeSet<>(caller.getRoles())));
        headers.set(IdentityHeaders.USER_PERMISSIONS, String.join(",", permissions(caller)));
    }

    private static String subject(SecurityIdentity caller) {
        return caller.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject() : caller.getPrincipal().getName();
    }

    private static Collection<String> permissions(SecurityIdentity caller) {
        if (!(caller.getPrincipal() instanceof JsonWebToken jwt)) {
            return List.of();
        }
        Object claim = jwt.getClaim(TokenClaims.PERMISSIONS);
        if (claim instanceof JsonArray array) {
            return array.getValuesAs(JsonString::getString);
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
