package at.meldestelle.infra.auth.keys;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Map;

/** A key of the keyring: it signs from {@code activatesAt} until the next key activates. */
public record SigningKey(String keyId, KeyAlgorithm algorithm, Instant activatesAt, PublicJsonWebKey jwk) {

    public PrivateKey privateKey() {
        return jwk.getPrivateKey();
    }

    /** The public half as a JWK, for the JWKS endpoint. */
    public Map<String, Object> publicJwk() {
        return jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }
}
