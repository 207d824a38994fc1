package at.meldestelle.infra.auth.token;

import at.meldestelle.infra.auth.client.OAuthClient;
import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.auth.keys.SigningKey;
import at.meldestelle.infra.auth.keys.SigningKeys;
import at.meldestelle.infra.auth.role.RolePermissions;
import at.meldestelle.infra.auth.user.User;
import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Signs access tokens with the claims of DESIGN section 5; the permissions are those of the roles at the time of issue. */
@ApplicationScoped
public class AccessTokenIssuer {

    /** The JWT {@code typ} of access tokens (RFC 9068). */
    public static final String TYPE = "at+jwt";

    private final AuthConfig config;
    private final SigningKeys keys;
    private final RolePermissions permissions;

    public AccessTokenIssuer(AuthConfig config, SigningKeys keys, RolePermissions permissions) {
        this.config = config;
        this.keys = keys;
        this.permissions = permissions;
    }

    /** A token for the client itself (grant client_credentials): it has no user and no session. */
    public TokenResponse forClient(OAuthClient client) {
        return issue(client.clientId(), "service-account-" + client.clientId(), client.clientId(), null,
                client.roles(), permissions.of(client.roles()), null);
    }

    /** A token for a user logged in through a client, within a session, with the session's refresh token. */
    public TokenResponse forUser(User user, String clientId, String sessionId, String refreshToken) {
        return issue(user.id(), user.username(), clientId, sessionId, user.roles(), permissions.of(user.roles()), refreshToken);
    }

    /**
     * Signing runs on the calling thread (the event loop): CPU work with nothing to wait for, about
     * 0.3 ms for ES256 and 1.5 ms for RS256 on a slow core (bench/RESULTS.md). A hop to a worker
     * would add latency without adding cores.
     */
    private TokenResponse issue(String subject, String username, String clientId, String sessionId,
                                List<String> roles, List<String> permissions, String refreshToken) {
        Instant now = Instant.now();
        SigningKey key = keys.active();
        JwtClaimsBuilder claims = Jwt.issuer(config.issuerUrl())
                .subject(subject)
                .audience(TokenClaims.AUDIENCE)
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenLifespan()))
                .claim("jti", UUID.randomUUID().toString())
                .claim(TokenClaims.CLIENT_ID, clientId)
                .claim(TokenClaims.PREFERRED_USERNAME, username)
                .claim(TokenClaims.ROLES, roles)
                .claim(TokenClaims.PERMISSIONS, permissions);
        if (sessionId != null) {
            claims.claim(TokenClaims.SESSION_ID, sessionId);
        }
        String jwt = claims.jws()
                .keyId(key.keyId())
                .header("typ", TYPE)
                .algorithm(key.algorithm().signature())
                .sign(key.privateKey());
        return TokenResponse.bearer(jwt, config.accessTokenLifespan().toSeconds(), refreshToken);
    }
}
