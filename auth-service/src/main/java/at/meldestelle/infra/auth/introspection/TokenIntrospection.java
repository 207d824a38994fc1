package at.meldestelle.infra.auth.introspection;

import at.meldestelle.infra.auth.client.ClientAuthenticator;
import at.meldestelle.infra.auth.revocation.RevocationList;
import at.meldestelle.infra.auth.token.AccessTokenVerifier;
import at.meldestelle.infra.auth.token.OAuthError;
import at.meldestelle.infra.auth.token.OAuthRequest;
import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwt.JwtClaims;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Token introspection (RFC 7662) for resource servers, which authenticate as clients. A token that
 * is not ours, is expired or was revoked is {@code {"active": false}} and nothing more.
 */
@ApplicationScoped
public class TokenIntrospection {

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final ClientAuthenticator clients;
    private final AccessTokenVerifier verifier;
    private final RevocationList revoked;

    public TokenIntrospection(ClientAuthenticator clients, AccessTokenVerifier verifier, RevocationList revoked) {
        this.clients = clients;
        this.verifier = verifier;
        this.revoked = revoked;
    }

    public Uni<Map<String, Object>> introspect(OAuthRequest request) {
        return clients.authenticate(request).flatMap(client -> {
            if (!client.introspection()) {
                return Uni.createFrom().failure(OAuthError.accessDenied("The client may not introspect tokens."));
            }
            Optional<JwtClaims> claims = verifier.verify(request.required("token"));
            if (claims.isEmpty()) {
                return Uni.createFrom().item(INACTIVE);
            }
            Map<String, Object> values = claims.get().getClaimsMap();
            Object sessionId = values.get(TokenClaims.SESSION_ID);
            return revoked.isRevoked(String.valueOf(values.get("jti")), sessionId == null ? null : sessionId.toString())
                    .map(isRevoked -> isRevoked ? INACTIVE : active(values));
        });
    }

    private static Map<String, Object> active(Map<String, Object> claims) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", true);
        answer.put("token_type", "Bearer");
        answer.put("username", claims.get(TokenClaims.PREFERRED_USERNAME));
        answer.putAll(claims);
        return answer;
    }
}
