package at.meldestelle.infra.auth.bruteforce;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.auth.user.UserRepository;
import at.meldestelle.infra.shared.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;

/**
 * Growing delays after failed logins, per user name and per client address ({@link AuthConfig.BruteForce}),
 * counted in Redis so that every instance sees them. Names are counted whether or not a user has
 * them, so a refusal says nothing about who exists. While a delay runs, logins of that name or from
 * that address are refused without a password check: an attack costs no bcrypt time either.
 * The delays are bounded and forgotten, so nobody can lock a user out for long.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final LuaScript FAILED = LuaScript.fromResource("/lua/login-failed.lua");
    private static final LuaScript BLOCKED = LuaScript.fromResource("/lua/login-blocked.lua");

    private final ReactiveRedisDataSource redis;
    private final ReactiveKeyCommands<String> keys;
    private final AuthConfig.BruteForce config;

    public LoginThrottle(ReactiveRedisDataSource redis, AuthConfig config) {
        this.redis = redis;
        this.keys = redis.key(String.class);
        this.config = config.bruteForce();
    }

    /** How long logins of this name or from this address are still refused; zero when they are not. */
    public Uni<Duration> blocked(String username, String address) {
        // Two scripts, not one: on a Redis Cluster the two records live in different slots.
        return Uni.combine().all().unis(blockedFor(userKey(username)), blockedFor(addressKey(address)))
                .with((user, from) -> user.compareTo(from) >= 0 ? user : from);
    }

    /** Counts a failed login of the name from the address. */
    public Uni<Void> failed(String username, String address) {
        return Uni.combine().all().unis(
                        failed(userKey(username), config.freeFailuresPerUser()),
                        failed(addressKey(address), config.freeFailuresPerAddress()))
                .discardItems();
    }

    /** A successful login forgets the name's failures (not the address's: one right password does not vouch for the rest). */
    public Uni<Void> succeeded(String username) {
        return keys.del(userKey(username)).replaceWithVoid();
    }

    private Uni<Duration> blockedFor(String key) {
        return BLOCKED.run(redis, List.of(key), List.of()).map(response -> Duration.ofMillis(response.toLong()));
    }

    private Uni<Void> failed(String key, int freeFailures) {
        return FAILED.run(redis, List.of(key), List.of(Integer.toString(freeFailures),
                        Long.toString(config.firstDelay().toMillis()), Long.toString(config.maxDelay().toMillis()),
                        Long.toString(config.forgetAfter().toMillis())))
                .replaceWithVoid();
    }

    private static String userKey(String username) {
        return "auth:login-failures:user:" + UserRepository.fold(username);
    }

    private static String addressKey(String address) {
        return "auth:login-failures:address:" + address;
    }
}
