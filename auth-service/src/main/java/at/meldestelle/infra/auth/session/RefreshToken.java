package at.meldestelle.infra.auth.session;

import at.meldestelle.infra.auth.store.Sha256;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An opaque refresh token, {@code <session id>.<32 random bytes, base64url>}: the session id lets the
 * store keep a session and its tokens in one Redis Cluster slot; only the SHA-256 of the secret part
 * is stored.
 */
public record RefreshToken(String sessionId, String secret) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f-]{36}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    static RefreshToken next(String sessionId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new RefreshToken(sessionId, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The token a client presented, or empty when it is not of this form. */
    public static Optional<RefreshToken> parse(String presented) {
        int dot = presented.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String sessionId = presented.substring(0, dot);
        String secret = presented.substring(dot + 1);
        return SESSION_ID.matcher(sessionId).matches() && SECRET.matcher(secret).matches()
                ? Optional.of(new RefreshToken(sessionId, secret)) : Optional.empty();
    }

    public String value() {
        return sessionId + "." + secret;
    }

    String digest() {
        return Sha256.hex(secret);
    }
}
