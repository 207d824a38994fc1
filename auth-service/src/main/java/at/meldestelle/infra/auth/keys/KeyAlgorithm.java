package at.meldestelle.infra.auth.keys;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/** The signature algorithms tokens can be signed with, and how a key for each is made. */
public enum KeyAlgorithm {
    RS256(SignatureAlgorithm.RS256) {
        @Override
        PublicJsonWebKey newJwk() throws JoseException {
            return RsaJwkGenerator.generateJwk(2048);
        }
    },
    ES256(SignatureAlgorithm.ES256) {
        @Override
        PublicJsonWebKey newJwk() throws JoseException {
            return EcJwkGenerator.generateJwk(EllipticCurves.P256);
        }
    };

    private final SignatureAlgorithm signature;

    KeyAlgorithm(SignatureAlgorithm signature) {
        this.signature = signature;
    }

    public SignatureAlgorithm signature() {
        return signature;
    }

    abstract PublicJsonWebKey newJwk() throws JoseException;

    /** A fresh key pair with its key id, algorithm and use set (RSA generation takes tens of milliseconds). */
    PublicJsonWebKey generate(String keyId) {
        try {
            PublicJsonWebKey jwk = newJwk();
            jwk.setKeyId(keyId);
            jwk.setAlgorithm(name());
            jwk.setUse("sig");
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException(name() + " signing key could not be generated", e);
        }
    }
}
