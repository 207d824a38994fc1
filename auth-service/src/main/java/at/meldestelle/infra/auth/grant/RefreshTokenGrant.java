package at.meldestelle.infra.auth.grant;

import at.meldestelle.infra.auth.client.ClientAuthenticator;
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

/**
 * RFC 6749 section 6: a refresh token is exchanged for a new access token and a new refresh token
 * (rotation). A refresh token used a second time, or presented by another client than its session's,
 * ends the whole session: the rotation script revokes its access tokens, and the gateway is told
 * (OAuth 2.0 Security BCP, refresh token reuse detection).
 */
@ApplicationScoped
public class RefreshTokenGrant implements GrantHandler {

    private static final Logger LOG = Logger.getLogger(RefreshTokenGrant.class);
    private static final String INVALID = "The refresh token is unknown, expired, or was used before.";

    private final ClientAuthenticator clients;
    private final SessionStore sessions;
    private final UserRepository users;
    private final AccessTokenIssuer issuer;
    private final RevocationPublisher publisher;

    public RefreshTokenGrant(ClientAuthenticator clients, SessionStore sessions, UserRepository users, AccessTokenIssuer issuer,
                             RevocationPublisher publisher) {
        this.clients = clients;
        this.sessions = sessions;
        this.users = users;
        this.issuer = issuer;
        this.publisher = publisher;
    }

    @Override
    public String grantType() {
        return "refresh_token";
    }

    @Override
    public Uni<TokenResponse> handle(OAuthRequest request) {
        return clients.authenticate(request, grantType()).flatMap(client -> {
            RefreshToken token = RefreshToken.parse(request.required("refresh_token"))
                    .orElseThrow(() -> OAuthError.invalidGrant(INVALID));
            return sessions.rotate(token, client.clientId()).flatMap(rotation -> {
                if (rotation instanceof SessionStore.Rotation.Ended ended) {
                    return announce(ended);
                }
                if (!(rotation instanceof SessionStore.Rotation.Rotated rotated)) {
                    return Uni.createFrom().failure(OAuthError.invalidGrant(INVALID));
                }
                SessionStore.Issued issued = rotated.issued();
                return users.findById(issued.session().userId()).flatMap(user -> {
                    if (user == null || !user.enabled()) {
                        return Uni.createFrom().<TokenResponse>failure(OAuthError.invalidGrant(INVALID));
                    }
                    return Uni.createFrom().item(issuer.forUser(user, client.clientId(), issued.session().id(),
                            issued.refreshToken().value()));
                });
            });
        });
    }

    /**
     * The session ended (now, or before: announced again, so that a publication that failed then
     * gets another chance).
     */
    private Uni<TokenResponse> announce(SessionStore.Rotation.Ended ended) {
        if (ended.now()) {
            LOG.warnf("A refresh token of session %s was reused or presented by another client; the session is ended",
                    ended.sessionId());
        }
        return publisher.sessionRevoked(ended.sessionId(), ended.now() ? "refresh-token-reuse" : "ended", null)
                .onFailure().invoke(failure -> LOG.errorf("Revocation of session %s was not published (%s); the gateway "
                        + "honours its access tokens until they expire or the session's tokens are presented again",
                        ended.sessionId(), failure))
                .onFailure().recoverWithNull()
                .flatMap(ignored -> Uni.createFrom().failure(OAuthError.invalidGrant(INVALID)));
    }
}
