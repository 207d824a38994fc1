package at.meldestelle.infra.shared.security;

import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.List;

/** What a validated token says about its caller. */
public final class CallerClaims {

    private CallerClaims() {
    }

    public static String subject(SecurityIdentity caller) {
        return caller.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject() : caller.getPrincipal().getName();
    }

    public static Collection<String> permissions(SecurityIdentity caller) {
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
