package at.meldestelle.infra.auth.revocation;

import java.time.Instant;

/** What the platform needs to know of a revoked access token. */
public record RevokedToken(String jti, String subject, String clientId, Instant expiresAt) {
}
