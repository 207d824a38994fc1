package at.meldestelle.infra.auth.admin;

import at.meldestelle.infra.auth.audit.AdminActor;
import at.meldestelle.infra.auth.client.ClientRepository;
import at.meldestelle.infra.auth.token.BearerToken;
import at.meldestelle.infra.auth.user.UserRepository;
import at.meldestelle.infra.shared.api.security.Roles;
import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import java.time.Instant;
import java.util.List;

/**
 * Who may call the admin API: the bearer of a valid access token of ours (not expired, not revoked,
 * its session open) with role ADMIN, whose principal is an admin now too: a user (tokens with a
 * session) that exists, is enabled and has role ADMIN, or a client (client_credentials tokens) that
 * exists, is enabled, has role ADMIN and has not had its secret replaced since the token was issued.
 * Otherwise 401 (no or a bad token) or 403. The claims alone are not enough: a deleted, disabled or
 * demoted admin, or the thief of a replaced secret, would keep the admin API for the token's
 * lifetime, long enough to make themselves a new admin.
 */
@ApplicationScoped
public class AdminAuthorization {

    private final BearerToken bearer;
    private final UserRepository users;
    private final ClientRepository clients;

    public AdminAuthorization(BearerToken bearer, UserRepository users, ClientRepository clients) {
        this.bearer = bearer;
        this.users = users;
        this.clients = clients;
    }

    public Uni<AdminActor> authorize(String authorization) {
        return bearer.claims(authorization).flatMap(claims -> {
            if (!(claims.getClaimValue(TokenClaims.ROLES) instanceof List<?> roles) || !roles.contains(Roles.ADMIN)) {
                return Uni.createFrom().failure(AdminProblems.notAdmin());
            }
            Uni<Boolean> stillAdmin = claims.getClaimValue(TokenClaims.SESSION_ID) != null
                    ? users.findById(String.valueOf(claims.getClaimValue("sub")))
                            .map(user -> user != null && user.enabled() && user.isAdmin())
                    : clients.find(String.valueOf(claims.getClaimValue(TokenClaims.CLIENT_ID)))
                            .map(client -> client != null && client.enabled() && client.roles().contains(Roles.ADMIN)
                                    && (client.secretChangedAt() == null || issuedAt(claims).isAfter(client.secretChangedAt())));
            return stillAdmin.map(admin -> {
                if (!admin) {
                    throw AdminProblems.notAdmin();
                }
                return actor(claims);
            });
        });
    }

    /**
     * The start of the second the token was issued in (JWT NumericDate has whole seconds): a token of
     * the same second as a secret change counts as issued before it (the admin asks for another a
     * second later), never a stolen one as after it; no {@code iat}, as issued never.
     */
    private static Instant issuedAt(JwtClaims claims) {
        try {
            return claims.getIssuedAt() == null ? Instant.EPOCH : Instant.ofEpochSecond(claims.getIssuedAt().getValue());
        } catch (MalformedClaimException e) {
            return Instant.EPOCH;
        }
    }

    private static AdminActor actor(JwtClaims claims) {
        return new AdminActor(String.valueOf(claims.getClaimValue("sub")),
                String.valueOf(claims.getClaimValue(TokenClaims.PREFERRED_USERNAME)),
                String.valueOf(claims.getClaimValue(TokenClaims.CLIENT_ID)));
    }
}
