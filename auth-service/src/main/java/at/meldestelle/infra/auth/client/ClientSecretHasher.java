package at.meldestelle.infra.auth.client;

import at.meldestelle.infra.auth.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Client secrets are generated, high-entropy values, not passwords: a keyed fast hash (HMAC-SHA-256
 * under a server-side pepper) keeps a leaked Redis from revealing or testing them, in microseconds.
 * A password hash (bcrypt) here made every token request cost 100 ms of CPU, the cheapest way to
 * exhaust the platform. Stored form: {@code hmac-sha256$<base64>}.
 */
@ApplicationScoped
public class ClientSecretHasher {

    private static final String PREFIX = "hmac-sha256$";
    /** Compared against when a client is unknown or disabled, so that the answer takes as long as for a wrong secret. */
    private static final String DECOY = PREFIX + Base64.getEncoder().encodeToString(new byte[32]);

    private final SecretKeySpec pepper;

    public ClientSecretHasher(AuthConfig config) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(config.clientSecretPepper().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("auth.client-secret-pepper is not base64", e);
        }
        if (key.length < 32) {
            throw new IllegalArgumentException("auth.client-secret-pepper must be at least 32 bytes (base64), not " + key.length
                    + "; make one with: openssl rand -base64 32");
        }
        this.pepper = new SecretKeySpec(key, "HmacSHA256");
    }

    public String hash(String secret) {
        return PREFIX + Base64.getEncoder().encodeToString(mac(secret));
    }

    /** Whether the hash is of this hasher's kind (hashes of earlier builds were bcrypt). */
    public boolean isCurrent(String hash) {
        return hash != null && hash.startsWith(PREFIX);
    }

    /** True when {@code secret} matches {@code hash}; with a null hash it spends the same time and says false. */
    public boolean matches(String secret, String hash) {
        byte[] expected = (hash == null ? DECOY : hash).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = hash(secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual) & hash != null;
    }

    private byte[] mac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pepper);
            return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
