package at.meldestelle.infra.auth.revocation;

import at.meldestelle.infra.auth.client.ClientAuthenticator;
import at.meldestelle.infra.auth.token.AccessTokenVerifier;
import at.meldestelle.infra.auth.token.OAuthError;
import at.meldestelle.infra.auth.token.OAuthRequest;
import at.meldestelle.infra.auth.token.TokenParameter;
import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import java.time.Instant;
import java.util.Optional;

/**
 * Token revocation (RFC 7009): the authenticated client revokes an access token that was issued to
 * it. The revocation is recorded in Redis (introspection answers {@code active: false} at once) and
 * published on Kafka for the gateway. A token that is invalid or expired already is answered with
 * success, as the RFC asks.
 */
@ApplicationScoped
public class TokenRevocation {

    private static final Logger LOG = Logger.getLogger(TokenRevocation.class);

    private final ClientAuthenticator clients;
    private final AccessTokenVerifier verifier;
    private final RevocationList revoked;
    private final RevocationPublisher publisher;

    public TokenRevocation(ClientAuthenticator clients, AccessTokenVerifier verifier, RevocationList revoked,
                           RevocationPublisher publisher) {
        this.clients = clients;
        this.verifier = verifier;
        this.revoked = revoked;
        this.publisher = publisher;
    }

    public Uni<Void> revoke(OAuthRequest request, String correlationId) {
        return clients.authenticate(request).flatMap(client -> {
            Optional<RevokedToken> token = verifier.verify(TokenParameter.of(request)).map(TokenRevocation::revokedToken);
            if (token.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            if (!client.clientId().equals(token.get().clientId())) {
                return Uni.createFrom().failure(OAuthError.unauthorizedClient("The token was issued to another client."));
            }
            return revoked.revoke(token.get().jti(), token.get().expiresAt())
                    .flatMap(ignored -> publisher.tokenRevoked(token.get(), correlationId))
                    .onFailure().transform(failure -> {
                        LOG.warnf("Revocation of token %s is recorded but was not published: %s", token.get().jti(), failure.toString());
                        return OAuthError.temporarilyUnavailable("The revocation is recorded but could not be passed on to the "
                                + "gateway yet; send it again.");
                    });
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
