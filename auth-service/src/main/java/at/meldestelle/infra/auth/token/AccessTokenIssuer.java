package at.meldestelle.infra.auth.token;

import at.meldestelle.infra.auth.client.OAuthClient;
import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.auth.keys.SigningKey;
import at.meldestelle.infra.auth.keys.SigningKeys;
import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** Signs access tokens with the claims of DESIGN section 5. */
@ApplicationScoped
public class AccessTokenIssuer {

    /** The JWT {@code typ} of access tokens (RFC 9068). */
    public static final String TYPE = "at+jwt";

    private final AuthConfig config;
    private final SigningKeys keys;

    public AccessTokenIssuer(AuthConfig config, SigningKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    /**
     * A token for the client itself (grant client_credentials): it has no user and no session.
     * Signing runs on the calling thread (the event loop): CPU work with nothing to wait for, about
     * 0.3 ms for ES256 and 1.5 ms for RS256 on a slow core (bench/RESULTS.md). A hop to a worker
     * would add latency without adding cores.
     */
    public TokenResponse forClient(OAuthClient client) {
        Instant now = Instant.now();
        Instant expiry = now.plus(config.accessTokenLifespan());
        SigningKey key = keys.active();
        String jwt = Jwt.issuer(config.issuerUrl())
                .subject(client.clientId())
                .audience(TokenClaims.AUDIENCE)
                .issuedAt(now)
                .expiresAt(expiry)
                .claim("jti", UUID.randomUUID().toString())
                .claim(TokenClaims.CLIENT_ID, client.clientId())
                .claim(TokenClaims.PREFERRED_USERNAME, "service-account-" + client.clientId())
                .claim(TokenClaims.ROLES, client.roles())
                .claim(TokenClaims.PERMISSIONS, client.permissions())
                .jws()
                .keyId(key.keyId())
                .header("typ", TYPE)
                .algorithm(key.algorithm().signature())
                .sign(key.privateKey());
        return TokenResponse.bearer(jwt, config.accessTokenLifespan().toSeconds());
    }
}
