package at.meldestelle.infra.auth.session;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.shared.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sessions and their refresh tokens in Redis: {@code auth:session:{<sid>}} and
 * {@code auth:refresh:{<sid>}:<sha-256 of the secret>}, both living {@code auth.refresh-token-lifespan}
 * from the last refresh.
 */
@ApplicationScoped
public class SessionStore {

    private static final LuaScript OPEN = LuaScript.fromResource("/lua/session-open.lua");
    private static final LuaScript ROTATE = LuaScript.fromResource("/lua/refresh-rotate.lua");

    private final ReactiveRedisDataSource redis;
    private final Duration lifespan;

    public SessionStore(ReactiveRedisDataSource redis, AuthConfig config) {
        this.redis = redis;
        this.lifespan = config.refreshTokenLifespan();
    }

    /** A fresh session with its first refresh token. */
    public Uni<Issued> open(String userId, String clientId) {
        Session session = new Session(UUID.randomUUID().toString(), userId, clientId);
        RefreshToken token = RefreshToken.next(session.id());
        return OPEN.run(redis, List.of(sessionKey(session.id()), tokenKey(token)),
                        List.of(Long.toString(lifespan.toMillis()), userId, clientId, Instant.now().toString()))
                .replaceWith(new Issued(session, token));
    }

    /** Exchanges a refresh token for the next one of its session. */
    public Uni<Rotation> rotate(RefreshToken presented) {
        RefreshToken next = RefreshToken.next(presented.sessionId());
        return ROTATE.run(redis, List.of(sessionKey(presented.sessionId()), tokenKey(presented), tokenKey(next)),
                        List.of(Long.toString(lifespan.toMillis())))
                .map(response -> switch (response.get(0).toString()) {
                    case "ok" -> new Rotation.Rotated(new Issued(
                            new Session(presented.sessionId(), response.get(1).toString(), response.get(2).toString()), next));
                    case "reused" -> new Rotation.Reused(presented.sessionId());
                    default -> new Rotation.Unknown();
                });
    }

    private static String sessionKey(String sessionId) {
        return "auth:session:{" + sessionId + "}";
    }

    private static String tokenKey(RefreshToken token) {
        return "auth:refresh:{" + token.sessionId() + "}:" + token.digest();
    }

    /** A session and the refresh token just issued for it. */
    public record Issued(Session session, RefreshToken refreshToken) {
    }

    /** What a refresh token was good for. */
    public sealed interface Rotation {
        record Rotated(Issued issued) implements Rotation {
        }

        /** Presented a second time: the session has ended. */
        record Reused(String sessionId) implements Rotation {
        }

        /** Unknown, expired, or of an ended session. */
        record Unknown() implements Rotation {
        }
    }
}
