package at.meldestelle.infra.auth.revocation;

import at.meldestelle.infra.auth.client.ClientAuthenticator;
import at.meldestelle.infra.auth.session.RefreshToken;
import at.meldestelle.infra.auth.session.SessionStore;
import at.meldestelle.infra.auth.token.AccessTokenVerifier;
import at.meldestelle.infra.auth.token.OAuthError;
import at.meldestelle.infra.auth.token.OAuthRequest;
import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import java.time.Instant;
import java.util.Optional;

/**
 * Token revocation (RFC 7009): the authenticated client revokes an access token or a refresh token
 * that was issued to it; a refresh token takes its whole session with it. The revocation is recorded
 * in Redis (introspection answers {@code active: false} at once) and published on Kafka for the
 * gateway. A token that is invalid or expired already is answered with success, as the RFC asks.
 */
@ApplicationScoped
public class TokenRevocation {

    private static final Logger LOG = Logger.getLogger(TokenRevocation.class);

    private final ClientAuthenticator clients;
    private final AccessTokenVerifier verifier;
    private final RevocationList revoked;
    private final RevocationPublisher publisher;
    private final SessionStore sessions;

    public TokenRevocation(ClientAuthenticator clients, AccessTokenVerifier verifier, RevocationList revoked,
                           RevocationPublisher publisher, SessionStore sessions) {
        this.clients = clients;
        this.verifier = verifier;
        this.revoked = revoked;
        this.publisher = publisher;
        this.sessions = sessions;
    }

    public Uni<Void> revoke(OAuthRequest request) {
        String correlationId = request.correlationId();
        return clients.authenticate(request).flatMap(client -> {
            String presented = request.required("token");
            Optional<RefreshToken> refreshToken = RefreshToken.parse(presented);
            if (refreshToken.isPresent()) {
                return endSession(refreshToken.get(), client.clientId(), correlationId);
            }
            Optional<RevokedToken> token = verifier.verify(presented).map(TokenRevocation::revokedToken);
            if (token.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            if (!client.clientId().equals(token.get().clientId())) {
                return Uni.createFrom().failure(OAuthError.unauthorizedClient("The token was issued to another client."));
            }
            return revoked.revoke(token.get().jti(), token.get().expiresAt())
                    .flatMap(ignored -> published(publisher.tokenRevoked(token.get(), correlationId), token.get().jti()));
        });
    }

    /** Revoking a refresh token ends its session: every refresh and access token of it (RFC 7009 section 2.1). */
    private Uni<Void> endSession(RefreshToken token, String clientId, String correlationId) {
        return sessions.end(token, clientId).flatMap(ending -> switch (ending) {
            case ENDED -> published(publisher.sessionRevoked(token.sessionId(), "revoked", correlationId), token.sessionId());
            case FOREIGN -> Uni.createFrom().failure(OAuthError.unauthorizedClient("The token was issued to another client."));
            case UNKNOWN -> Uni.createFrom().voidItem();
        });
    }

    private static Uni<Void> published(Uni<Void> publication, String what) {
        return publication.onFailure().transform(failure -> {
            LOG.warnf("Revocation of %s is recorded but was not published: %s", what, failure.toString());
            return OAuthError.temporarilyUnavailable("The revocation is recorded but could not be passed on to the "
                    + "gateway yet; send it again.");
        });
    }

    private static RevokedToken revokedToken(JwtClaims claims) {
        try {
            return new RevokedToken(claims.getJwtId(), claims.getSubject(), claims.getStringClaimValue(TokenClaims.CLIENT_ID),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()));
        } catch (MalformedClaimException e) {
            throw new IllegalStateException("A token this issuer signed has malformed claims", e);
        }
    }
}
