package at.meldestelle.infra.auth.client;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.auth.config.Base64Secret;
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
 * exhaust the platform. Stored form: {@code hmac-sha256$v1$<base64>} of HMAC(pepper, client id, 0, secret).
 */
@ApplicationScoped
public class ClientSecretHasher {

    private static final String PREFIX = "hmac-sha256$v1$";
    /** Compared against when a client is unknown or disabled, so that the answer takes as long as for a wrong secret. */
    private static final String DECOY = PREFIX + Base64.getEncoder().encodeToString(new byte[32]);

    private final SecretKeySpec pepper;

    public ClientSecretHasher(AuthConfig config) {
        this.pepper = new SecretKeySpec(Base64Secret.decode("auth.client-secret-pepper", config.clientSecretPepper(), 32), "HmacSHA256");
    }

    /** Keyed by the client id too: two clients with the same secret do not share a hash. */
    public String hash(String clientId, String secret) {
        return PREFIX + Base64.getEncoder().encodeToString(mac(clientId, secret));
    }

    /** Whether the hash is of this hasher's kind (hashes of earlier builds were bcrypt). */
    public boolean isCurrent(String hash) {
        return hash != null && hash.startsWith(PREFIX);
    }

    /** True when {@code secret} matches {@code hash}; with a null hash it spends the same time and says false. */
    public boolean matches(String clientId, String secret, String hash) {
        byte[] expected = (hash == null ? DECOY : hash).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = hash(clientId, secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual) & hash != null;
    }

    private byte[] mac(String clientId, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pepper);
            mac.update(clientId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
