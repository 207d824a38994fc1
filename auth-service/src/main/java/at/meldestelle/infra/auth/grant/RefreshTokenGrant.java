package at.meldestelle.infra.auth.grant;

import at.meldestelle.infra.auth.client.ClientAuthenticator;
import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.auth.revocation.RevocationList;
import at.meldestelle.infra.auth.revocation.RevocationPublisher;
import at.meldestelle.infra.auth.session.RefreshToken;
import at.meldestelle.infra.auth.session.SessionStore;
import at.meldestelle.infra.auth.token.AccessTokenIssuer;
import at.meldestelle.infra.auth.token.OAuthError;
import at.meldestelle.infra.auth.token.OAuthRequest;
import at.meldestelle.infra.auth.token.TokenResponse;
import at.meldestelle.infra.auth.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * RFC 6749 section 6: a refresh token is exchanged for a new access token and a new refresh token
 * (rotation). A refresh token used a second time ends its whole session: its access tokens are
 * revoked and the gateway is told (OAuth 2.0 Security BCP, refresh token reuse detection).
 */
@ApplicationScoped
public class RefreshTokenGrant implements GrantHandler {

    private static final Logger LOG = Logger.getLogger(RefreshTokenGrant.class);
    private static final String INVALID = "The refresh token is unknown, expired, or was used before.";

    private final ClientAuthenticator clients;
    private final SessionStore sessions;
    private final UserRepository users;
    private final AccessTokenIssuer issuer;
    private final RevocationList revoked;
    private final RevocationPublisher publisher;
    private final Duration accessTokenLifespan;

    public RefreshTokenGrant(ClientAuthenticator clients, SessionStore sessions, UserRepository users, AccessTokenIssuer issuer,
                             RevocationList revoked, RevocationPublisher publisher, AuthConfig config) {
        this.clients = clients;
        this.sessions = sessions;
        this.users = users;
        this.issuer = issuer;
        this.revoked = revoked;
        this.publisher = publisher;
        this.accessTokenLifespan = config.accessTokenLifespan();
    }

    @Override
    public String grantType() {
        return "refresh_token";
    }

    @Override
    public Uni<TokenResponse> handle(OAuthRequest request) {
        return clients.authenticate(request).flatMap(client -> {
            String presented = request.form().get("refresh_token");
            if (presented == null || presented.isEmpty()) {
                throw OAuthError.invalidRequest("The form field refresh_token is missing.");
            }
            RefreshToken token = RefreshToken.parse(presented).orElseThrow(() -> OAuthError.invalidGrant(INVALID));
            return sessions.rotate(token).flatMap(rotation -> {
                if (rotation instanceof SessionStore.Rotation.Reused reused) {
                    return endSession(reused.sessionId());
                }
                // A token of another client's session is burnt all the same: presented by its own
                // client afterwards, it counts as reused and ends the session it was stolen from.
                if (!(rotation instanceof SessionStore.Rotation.Rotated rotated)
                        || !rotated.issued().session().clientId().equals(client.clientId())) {
                    return Uni.createFrom().failure(OAuthError.invalidGrant(INVALID));
                }
                SessionStore.Issued issued = rotated.issued();
                return users.findById(issued.session().userId()).map(user -> {
                    if (user == null || !user.enabled()) {
                        throw OAuthError.invalidGrant(INVALID);
                    }
                    return issuer.forUser(user, client.clientId(), issued.session().id(), issued.refreshToken().value());
                });
            });
        });
    }

    /** The session is gone already (the rotation script deleted it); its access tokens go now. */
    private Uni<TokenResponse> endSession(String sessionId) {
        LOG.warnf("Refresh token of session %s was presented a second time; the session is ended", sessionId);
        return revoked.revokeSession(sessionId, accessTokenLifespan)
                .flatMap(ignored -> publisher.sessionRevoked(sessionId, "refresh-token-reuse", null)
                        .onFailure().invoke(failure -> LOG.warnf("Revocation of session %s was not published: %s",
                                sessionId, failure.toString()))
                        .onFailure().recoverWithNull())
                .flatMap(ignored -> Uni.createFrom().failure(OAuthError.invalidGrant(INVALID)));
    }
}
