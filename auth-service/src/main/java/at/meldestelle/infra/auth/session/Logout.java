package at.meldestelle.infra.auth.session;

import at.meldestelle.infra.auth.revocation.RevocationPublisher;
import at.meldestelle.infra.auth.token.OAuthError;
import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;

/**
 * Logout with one of the session's access tokens: the session ends, its refresh tokens and access
 * tokens stop working (in Redis at once, at the gateway through {@code auth.revocations}).
 */
@ApplicationScoped
public class Logout {

    private static final Logger LOG = Logger.getLogger(Logout.class);

    private final SessionStore sessions;
    private final RevocationPublisher publisher;

    public Logout(SessionStore sessions, RevocationPublisher publisher) {
        this.sessions = sessions;
        this.publisher = publisher;
    }

    public Uni<Void> logout(JwtClaims claims, String correlationId) {
        Object sessionId = claims.getClaimValue(TokenClaims.SESSION_ID);
        if (sessionId == null) {
            return Uni.createFrom().failure(OAuthError.invalidRequest(
                    "The access token has no session (a client_credentials token): there is nothing to log out of."));
        }
        // Ended in Redis first, then published; the same token may log out again (its session ended
        // is no bar to that), which publishes again: the answer to a 503.
        return sessions.end(sessionId.toString())
                .flatMap(ignored -> publisher.sessionRevoked(sessionId.toString(), "logout", correlationId))
                .onFailure().transform(failure -> {
                    LOG.warnf("Logout of session %s is recorded but could not be published: %s", sessionId, failure.toString());
                    return OAuthError.temporarilyUnavailable("The logout is recorded but could not be passed on to the gateway "
                            + "yet; send it again.");
                });
    }
}
