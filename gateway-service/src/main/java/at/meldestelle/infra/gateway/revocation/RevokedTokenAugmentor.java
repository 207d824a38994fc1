package at.meldestelle.infra.gateway.revocation;

import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;

/**
 * Refuses a bearer token that quarkus-oidc found valid but auth-service has revoked: the request
 * fails authentication (401 {@code invalid_token}) as an expired token would.
 */
@ApplicationScoped
public class RevokedTokenAugmentor implements SecurityIdentityAugmentor {

    private final RevocationList revocations;

    public RevokedTokenAugmentor(RevocationList revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Instant issuedAt = token.getIssuedAtTime() > 0 ? Instant.ofEpochSecond(token.getIssuedAtTime()) : null;
        if (revocations.revoked(token.getTokenID(), token.getClaim(TokenClaims.SESSION_ID), token.getSubject(), issuedAt)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("The token has been revoked"));
        }
        return Uni.createFrom().item(identity);
    }
}
