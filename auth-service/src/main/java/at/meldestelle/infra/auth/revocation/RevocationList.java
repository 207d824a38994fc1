package at.meldestelle.infra.auth.revocation;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.auth.session.SessionKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * Revoked access tokens by {@code jti} ({@code auth:revoked:<jti>}) and by session
 * ({@link SessionKeys#revoked}), in Redis, each kept until the last token concerned would have
 * expired anyway (and the verifiers' clock skew beyond): the list never outgrows the tokens that are
 * still alive.
 */
@ApplicationScoped
public class RevocationList {

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;

    private final Duration skew;

    public RevocationList(ReactiveRedisDataSource redis, AuthConfig config) {
        this.values = redis.value(String.class);
        this.keys = redis.key(String.class);
        this.skew = config.keys().verifierClockSkew();
    }

    public Uni<Void> revoke(String jti, Instant expiresAt) {
        return values.set(key(jti), "1", new SetArgs().exAt(expiresAt.plus(skew))).replaceWithVoid();
    }

    /** Whether the token or, when it has one, its session was revoked. */
    public Uni<Boolean> isRevoked(String jti, String sessionId) {
        // Two commands, not one EXISTS of two keys: on a Redis Cluster the keys live in different slots.
        return sessionId == null ? keys.exists(key(jti))
                : Uni.combine().all().unis(keys.exists(key(jti)), keys.exists(SessionKeys.revoked(sessionId)))
                        .with((token, session) -> token || session);
    }

    private static String key(String jti) {
        return "auth:revoked:" + jti;
    }
}
