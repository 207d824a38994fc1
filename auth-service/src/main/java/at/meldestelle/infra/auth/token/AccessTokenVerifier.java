package at.meldestelle.infra.auth.token;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.auth.keys.KeyAlgorithm;
import at.meldestelle.infra.auth.keys.SigningKeys;
import at.meldestelle.infra.shared.api.security.TokenClaims;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks an access token this issuer signed: signature by a key of the keyring, {@code typ},
 * issuer, audience, expiry. jose4j directly (the library under smallrye-jwt) because the keys come
 * from the in-memory keyring, not from a configured location.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final AlgorithmConstraints ALGORITHMS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, Arrays.stream(KeyAlgorithm.values()).map(Enum::name).toArray(String[]::new));

    private final SigningKeys keys;
    private final String issuer;

    public AccessTokenVerifier(SigningKeys keys, AuthConfig config) {
        this.keys = keys;
        this.issuer = config.issuerUrl();
    }

    /** The token's claims when it is one of ours and not expired; empty for anything else. */
    public Optional<JwtClaims> verify(String token) {
        List<JsonWebKey> verificationKeys = new ArrayList<>(keys.verificationKeys());
        try {
            return Optional.of(new JwtConsumerBuilder()
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(verificationKeys))
                    .setJwsAlgorithmConstraints(ALGORITHMS)
                    .setExpectedType(true, AccessTokenIssuer.TYPE)
                    .setExpectedIssuer(issuer)
                    .setExpectedAudience(TokenClaims.AUDIENCE)
                    .setRequireExpirationTime()
                    .setRequireJwtId()
                    .build()
                    .processToClaims(token));
        } catch (InvalidJwtException e) {
            return Optional.empty();
        }
    }
}
