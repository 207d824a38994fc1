package at.meldestelle.infra.shared.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwt.JwtClaims;

import java.util.List;
import java.util.Map;

/**
 * {@link OidcIssuer} as a Quarkus test resource: points {@code quarkus.oidc.auth-server-url} at a
 * fresh issuer; the token helpers are OidcIssuer's.
 */
public class TestIssuer implements QuarkusTestResourceLifecycleManager {

    private final OidcIssuer issuer = new OidcIssuer();

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.oidc.auth-server-url", issuer.start());
    }

    @Override
    public void stop() {
        issuer.stop();
    }

    public static String token(String subject, List<String> roles, List<String> permissions) {
        return OidcIssuer.token(subject, roles, permissions);
    }

    public static JwtClaims claims(String subject, List<String> roles, List<String> permissions) {
        return OidcIssuer.claims(subject, roles, permissions);
    }

    public static String sign(JwtClaims claims) {
        return OidcIssuer.sign(claims);
    }

    public static RsaJsonWebKey publicKey() {
        return OidcIssuer.publicKey();
    }

    public static String signWithKeyId(JwtClaims claims, String keyId) {
        return OidcIssuer.signWithKeyId(claims, keyId);
    }

    public static String tokenWithForeignKey(String subject) {
        return OidcIssuer.tokenWithForeignKey(subject);
    }
}
