package at.meldestelle.infra.shared.messaging;

/**
 * The CloudEvent types on {@value Topics#AUTH_REVOCATIONS}, which auth-service publishes and the
 * gateway enforces. Payloads (JSON, instants in ISO-8601): each names what it revokes and
 * {@code expiresAt}, when the last token it concerns expires anyway.
 */
public final class RevocationEvents {

    /** {@code {jti, sub, clientId, expiresAt}}: one access token. */
    public static final String TOKEN_REVOKED = "at.meldestelle.auth.TokenRevoked";
    /** {@code {sid, reason, expiresAt}}: every token of a session. */
    public static final String SESSION_REVOKED = "at.meldestelle.auth.SessionRevoked";
    /** {@code {sub, disabledAt, expiresAt}}: every token of a user issued up to {@code disabledAt}. */
    public static final String USER_DISABLED = "at.meldestelle.auth.UserDisabled";

    private RevocationEvents() {
    }
}
