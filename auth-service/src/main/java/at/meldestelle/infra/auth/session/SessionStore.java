package at.meldestelle.infra.auth.session;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.shared.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.sortedset.ReactiveSortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.UUID;

/**
 * Sessions and their refresh tokens in Redis ({@link SessionKeys}), living
 * {@code auth.refresh-token-lifespan} from the last refresh. Ending a session early revokes its
 * access tokens in the same script.
 */
@ApplicationScoped
public class SessionStore {

    private static final LuaScript OPEN = LuaScript.fromResource("/lua/session-open.lua");
    private static final LuaScript ROTATE = LuaScript.fromResource("/lua/refresh-rotate.lua");
    private static final LuaScript END = LuaScript.fromResource("/lua/session-end.lua");
    private static final LuaScript LOGOUT = LuaScript.fromResource("/lua/session-logout.lua");

    private final ReactiveRedisDataSource redis;
    private final ReactiveSortedSetCommands<String, String> userSessions;
    private final ReactiveKeyCommands<String> keys;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final Duration lifespan;
    /** How long an ended session's access tokens stay revoked: until the last one would have expired. */
    private final Duration revocation;

    public SessionStore(ReactiveRedisDataSource redis, AuthConfig config) {
        this.redis = redis;
        this.userSessions = redis.sortedSet(String.class);
        this.keys = redis.key(String.class);
        this.hashes = redis.hash(String.class);
        this.lifespan = config.refreshTokenLifespan();
        this.revocation = config.accessTokenAcceptance();
    }

    /** A fresh session with its first refresh token. */
    public Uni<Issued> open(String userId, String clientId) {
        Session session = new Session(UUID.randomUUID().toString(), userId, clientId);
        RefreshToken token = RefreshToken.next(session.id());
        return OPEN.run(redis, List.of(SessionKeys.session(session.id()), SessionKeys.refreshToken(token)),
                        List.of(Long.toString(lifespan.toMillis()), userId, clientId, Instant.now().toString()))
                .call(() -> listed(userId, session.id()))
                .call(() -> userSessions.zremrangebyscore(SessionKeys.ofUser(userId), new ScoreRange<>(Double.NEGATIVE_INFINITY,
                        (double) expiredBefore())))
                .replaceWith(new Issued(session, token));
    }

    /**
     * The user's open sessions. A user's session ids are listed with the time each would expire
     * (a sorted set, renewed with each refresh); expired ones are dropped at each login, ended ones
     * here.
     */
    public Uni<List<OpenSession>> ofUser(String userId) {
        String index = SessionKeys.ofUser(userId);
        return userSessions.zrangebyscore(index, new ScoreRange<>((double) expiredBefore(), Double.POSITIVE_INFINITY))
                .flatMap(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<OpenSession>of())
                        : Uni.join().all(ids.stream().map(id -> hashes.hgetall(SessionKeys.session(id))
                                        .flatMap(fields -> fields.isEmpty()
                                                ? userSessions.zrem(index, id).replaceWith(Optional.<OpenSession>empty())
                                                : Uni.createFrom().item(Optional.of(new OpenSession(id, fields.get("clientId"),
                                                        fields.get("createdAt")))))).toList())
                                .andFailFast()
                                .map(found -> found.stream().flatMap(Optional::stream)
                                        .sorted(Comparator.comparing(OpenSession::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                                        .toList()));
    }

    /**
     * Lists the session (again, when rotated: an entry lost to a clock ahead comes back) with the time
     * it would expire now; the list lives as long as its newest session might.
     */
    private Uni<Void> listed(String userId, String sessionId) {
        String index = SessionKeys.ofUser(userId);
        return userSessions.zadd(index, (double) (System.currentTimeMillis() + lifespan.toMillis()), sessionId)
                .flatMap(ignored -> keys.pexpire(index, lifespan))
                .replaceWithVoid();
    }

    /** Exchanges a refresh token, presented by {@code clientId}, for the next one of its session. */
    public Uni<Rotation> rotate(RefreshToken presented, String clientId) {
        RefreshToken next = RefreshToken.next(presented.sessionId());
        return ROTATE.run(redis, List.of(SessionKeys.session(presented.sessionId()), SessionKeys.refreshToken(presented),
                                SessionKeys.refreshToken(next), SessionKeys.revoked(presented.sessionId())),
                        List.of(Long.toString(lifespan.toMillis()), clientId, Long.toString(revocation.toMillis())))
                .map(response -> (Rotation) switch (response.get(0).toString()) {
                    case "ok" -> new Rotation.Rotated(new Issued(
                            new Session(presented.sessionId(), response.get(1).toString(), response.get(2).toString()), next));
                    case "ended" -> new Rotation.Ended(presented.sessionId(), "now".equals(response.get(1).toString()));
                    default -> new Rotation.Unknown();
                })
                .call(rotation -> rotation instanceof Rotation.Rotated rotated
                        ? listed(rotated.issued().session().userId(), presented.sessionId())
                        : Uni.createFrom().voidItem());
    }

    /** Ends the session of a refresh token on behalf of {@code clientId} (logout, revocation). */
    public Uni<Ending> end(RefreshToken presented, String clientId) {
        return END.run(redis, List.of(SessionKeys.session(presented.sessionId()), SessionKeys.refreshToken(presented),
                                SessionKeys.revoked(presented.sessionId())),
                        List.of(clientId, Long.toString(revocation.toMillis())))
                .map(response -> Ending.valueOf(response.toString().toUpperCase(Locale.ROOT)));
    }

    /** Ends a session by its id (logout); true when it was still open. Its access tokens are revoked either way. */
    public Uni<Boolean> end(String sessionId) {
        return LOGOUT.run(redis, List.of(SessionKeys.session(sessionId), SessionKeys.revoked(sessionId)),
                        List.of(Long.toString(revocation.toMillis())))
                .map(response -> response.toInteger() == 1);
    }

    /** Entries that expired before this are gone: a minute's grace for instance clocks that disagree. */
    private static long expiredBefore() {
        return System.currentTimeMillis() - Duration.ofMinutes(1).toMillis();
    }

    /** An open session as admins see it. */
    public record OpenSession(String id, String clientId, String createdAt) {
    }

    /** A session and the refresh token just issued for it. */
    public record Issued(Session session, RefreshToken refreshToken) {
    }

    /** What a refresh token was good for. */
    public sealed interface Rotation {
        record Rotated(Issued issued) implements Rotation {
        }

        /**
         * The session is over, its access tokens revoked: ended {@code now} because the token was reused
         * or presented by another client, or earlier.
         */
        record Ended(String sessionId, boolean now) implements Rotation {
        }

        /** Unknown or expired. */
        record Unknown() implements Rotation {
        }
    }

    /** What ending a session came to. */
    public enum Ending {
        ENDED,
        /** No such token or session: nothing to do. */
        UNKNOWN,
        /** The session is another client's. */
        FOREIGN
    }
}
