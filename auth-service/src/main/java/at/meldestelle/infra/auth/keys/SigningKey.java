package at.meldestelle.infra.auth.keys;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;

import java.security.PrivateKey;
import java.util.Map;

/** The RSA key that signs access tokens (RS256), with its key id. */
public record SigningKey(RsaJsonWebKey jwk) {

    public String keyId() {
        return jwk.getKeyId();
    }

    public PrivateKey privateKey() {
        return jwk.getPrivateKey();
    }

    /** The public half as a JWK, for the JWKS endpoint. */
    public Map<String, Object> publicJwk() {
        return jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }
}
