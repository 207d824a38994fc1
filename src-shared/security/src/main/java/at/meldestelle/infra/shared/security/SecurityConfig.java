package at.meldestelle.infra.shared.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** Which permission each operation of a service needs (a caller with the admin role may do all), and how verified tokens are kept. */
@ConfigMapping(prefix = "meldestelle.security")
public interface SecurityConfig {

    /** The role that may do every operation. */
    @WithDefault("ADMIN")
    String adminRole();

    /**
     * Operation name (as in {@code @PermissionsAllowed("eventstore.read")}) to the permission a token
     * must carry in its {@code permissions} claim. An operation missing here is refused to everyone
     * but the admin role.
     */
    Map<String, String> operations();

    VerifiedTokens verifiedTokens();

    /**
     * Bearer tokens whose signature and claims have been verified, kept so that a token is verified
     * once and not on every request. Revocations are still checked on every request (gateway).
     */
    interface VerifiedTokens {
        /** Tokens kept at most; 0 verifies every request. */
        @WithDefault("10000")
        int maxSize();

        /**
         * How long a verified token is kept at most (never past its {@code exp}). A token signed with
         * a key the issuer has withdrawn from its JWKS may be accepted this much longer than
         * quarkus-oidc alone would (which drops the key when it next fetches the JWKS).
         */
        @WithDefault("PT5M")
        Duration maxAge();
    }
}
