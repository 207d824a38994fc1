package at.meldestelle.infra.auth.token;

import at.meldestelle.infra.auth.client.OAuthClient;
import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.auth.keys.SigningKeyStore;
import at.meldestelle.infra.shared.api.security.TokenClaims;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** Signs access tokens with the claims of DESIGN section 5. */
@ApplicationScoped
public class AccessTokenIssuer {

    private final AuthConfig config;
    private final SigningKeyStore keys;

    public AccessTokenIssuer(AuthConfig config, SigningKeyStore keys) {
        this.config = config;
        this.keys = keys;
    }

    /** A token for the client itself (grant client_credentials): it has no user and no session. */
    public Uni<TokenResponse> forClient(OAuthClient client) {
        Instant now = Instant.now();
        Instant expiry = now.plus(config.accessTokenLifespan());
        return keys.activeKey().map(key -> Jwt.issuer(config.issuerUrl())
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
                        .algorithm(SignatureAlgorithm.RS256)
                        .sign(key.privateKey()))
                .map(jwt -> TokenResponse.bearer(jwt, config.accessTokenLifespan().toSeconds()));
    }
}
