package at.meldestelle.infra.auth.config;

import at.meldestelle.infra.auth.keys.KeyAlgorithm;
import at.meldestelle.infra.shared.api.security.Roles;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Set;

@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    /** The {@code iss} of every token and the base of the discovery document's URLs; see {@link #issuerUrl()}. */
    String issuer();

    /** The issuer without trailing slashes, as tokens and discovery must both state it. */
    default String issuerUrl() {
        return issuer().replaceAll("/+$", "");
    }

    /** Lifetime of access tokens. */
    @WithDefault("PT5M")
    Duration accessTokenLifespan();

    /**
     * How long an access token may still be accepted after it was issued: its lifespan and the clock
     * skew verifiers allow. Retired keys, revoked tokens and ended sessions are kept this long.
     */
    default Duration accessTokenAcceptance() {
        return accessTokenLifespan().plus(keys().verifierClockSkew());
    }

    /** Lifetime of a session and its refresh tokens, counted from the last refresh. */
    @WithDefault("PT8H")
    Duration refreshTokenLifespan();

    /** bcrypt cost of user passwords (each step doubles the time of a login: 10 is about 100 ms here). */
    @WithDefault("10")
    int passwordHashCost();

    /**
     * How many password checks (bcrypt) run at once; more wait in a queue of {@link #passwordCheckQueue()}
     * places, and beyond that a login is refused with 503 at once instead of piling up: logins cannot
     * take the worker pool or the memory of the rest of the service.
     */
    @WithDefault("2")
    int passwordCheckThreads();

    @WithDefault("32")
    int passwordCheckQueue();

    /**
     * The server-side key of the client-secret hash (HMAC-SHA-256): base64 of at least 32 random
     * bytes. Changing it invalidates every client secret.
     */
    String clientSecretPepper();

    /**
     * Peers whose {@code X-Forwarded-For} is believed, read from the right up to the first entry
     * that is not one of them: the gateway's and any ingress's addresses or ranges. Others are taken
     * as the client themselves.
     */
    @WithDefault("127.0.0.1/32,::1/128")
    List<String> trustedProxies();

    /**
     * How often each instance reads the role-to-permission mapping again. Tokens take their
     * permissions from the copy in memory, so a change made through another instance reaches this
     * instance's tokens within this interval (through this instance: at once).
     */
    @WithDefault("PT5S")
    Duration rolePermissionsRefreshInterval();

    Keys keys();

    Bootstrap bootstrap();

    BruteForce bruteForce();

    /**
     * Login attempts are counted per (user name, address), whether or not the user exists, and
     * failures per address ({@link at.meldestelle.infra.auth.bruteforce.LoginThrottle}). Beyond the free failures
     * each further attempt refuses the pair or address for a growing delay ({@code first-delay},
     * doubling, at most {@code max-delay}); without attempts for {@code forget-after} the count
     * starts again. A guesser is slowed at their own address; the user elsewhere is not.
     */
    interface BruteForce {
        @WithDefault("5")
        int freeFailuresPerUser();

        @WithDefault("20")
        int freeFailuresPerAddress();

        @WithDefault("PT1S")
        Duration firstDelay();

        @WithDefault("PT1M")
        Duration maxDelay();

        @WithDefault("PT15M")
        Duration forgetAfter();
    }

    interface Keys {
        /** Algorithm of newly made keys; keys made before keep theirs until rotated out. */
        @WithDefault("RS256")
        KeyAlgorithm algorithm();

        /** Key-encryption key of the private keys in Redis: base64 of 32 random bytes ({@code openssl rand -base64 32}). */
        String encryptionKey();

        /** How often each instance reads the keyring again (and rotates by schedule, and removes expired keys). */
        @WithDefault("PT5S")
        Duration refreshInterval();

        /**
         * How long a new key is published in the JWKS before it signs: longer than the interval at
         * which verifiers may refetch the JWKS for an unknown key id (quarkus-oidc: 10 minutes).
         */
        @WithDefault("PT15M")
        Duration publishAhead();

        /** Scheduled rotation: a key signs this long, then the next one takes over. */
        @WithDefault("P30D")
        Duration rotateEvery();

        /** Clock skew verifiers allow beyond a token's expiry: a replaced key stays published this much longer. */
        @WithDefault("PT1M")
        Duration verifierClockSkew();
    }

    /**
     * The first confidential client: created at start when it does not exist. Afterwards it is the
     * admins' to change or disable (as Keycloak's bootstrap admin); changing the variables does not
     * touch an existing client.
     */
    interface Bootstrap {
        String clientId();

        String clientSecret();

        @WithDefault(Roles.ADMIN)
        List<String> clientRoles();

        @WithDefault("client_credentials,password,refresh_token")
        Set<String> clientGrantTypes();

        /** The first admin user ({@code AUTH_BOOTSTRAP_ADMIN_USERNAME}), created when no user of that name exists. */
        String adminUsername();

        String adminPassword();
    }
}
