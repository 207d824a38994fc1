package at.meldestelle.infra.auth.token;

import at.meldestelle.infra.auth.revocation.RevocationList;
import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwt.JwtClaims;

/**
 * The access token a request carries as {@code Authorization: Bearer} (RFC 6750), checked like
 * introspection does: ours, not expired, not revoked, its session not ended.
 */
@ApplicationScoped
public class BearerToken {

    private final AccessTokenVerifier verifier;
    private final RevocationList revoked;

    public BearerToken(AccessTokenVerifier verifier, RevocationList revoked) {
        this.verifier = verifier;
        this.revoked = revoked;
    }

    /** The claims of the request's valid access token; otherwise a failure with 401. */
    public Uni<JwtClaims> claims(String authorization) {
        return check(authorization, true);
    }

    /** The same, but a token whose session has ended is accepted: logging out again must work. */
    public Uni<JwtClaims> claimsEvenOfAnEndedSession(String authorization) {
        return check(authorization, false);
    }

    private Uni<JwtClaims> check(String authorization, boolean sessionMustBeOpen) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            // RFC 6750 section 3.1: a request without a token gets no error code.
            return Uni.createFrom().failure(new ProblemException(
                    Problem.ofStatus(401, "An access token is required: Authorization: Bearer <token>.")));
        }
        return verifier.verify(authorization.substring(7).trim())
                .map(claims -> revoked.isRevoked(String.valueOf(claims.getClaimValue("jti")),
                                sessionMustBeOpen ? (String) claims.getClaimValue(TokenClaims.SESSION_ID) : null)
                        .map(isRevoked -> {
                            if (isRevoked) {
                                throw invalidToken("The access token was revoked.");
                            }
                            return claims;
                        }))
                .orElseGet(() -> Uni.createFrom().failure(invalidToken("The access token is invalid or expired.")));
    }

    private static ProblemException invalidToken(String detail) {
        return new ProblemException(Problem.ofStatus(401, detail).with("error", "invalid_token").with("error_description", detail));
    }
}
