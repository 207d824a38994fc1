package at.meldestelle.infra.auth.admin;

import at.meldestelle.infra.auth.audit.AdminActor;
import at.meldestelle.infra.auth.token.BearerToken;
import at.meldestelle.infra.shared.api.security.Roles;
import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwt.JwtClaims;

import java.util.List;

/**
 * Who may call the admin API: the bearer of a valid access token of ours (not expired, not revoked,
 * its session open) with role ADMIN, a user's or a client's. Otherwise 401 (no or a bad token) or
 * 403 (no ADMIN).
 */
@ApplicationScoped
public class AdminAuthorization {

    private final BearerToken bearer;

    public AdminAuthorization(BearerToken bearer) {
        this.bearer = bearer;
    }

    public Uni<AdminActor> authorize(String authorization) {
        return bearer.claims(authorization).map(claims -> {
            if (!(claims.getClaimValue(TokenClaims.ROLES) instanceof List<?> roles) || !roles.contains(Roles.ADMIN)) {
                throw AdminProblems.notAdmin();
            }
            return actor(claims);
        });
    }

    private static AdminActor actor(JwtClaims claims) {
        return new AdminActor(String.valueOf(claims.getClaimValue("sub")),
                String.valueOf(claims.getClaimValue(TokenClaims.PREFERRED_USERNAME)),
                String.valueOf(claims.getClaimValue(TokenClaims.CLIENT_ID)));
    }
}
