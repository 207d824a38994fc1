package at.meldestelle.infra.auth.bruteforce;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.auth.user.UserRepository;
import at.meldestelle.infra.shared.redis.LuaScript;
import io.netty.util.NetUtil;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Growing delays after failed logins ({@link AuthConfig.BruteForce}), counted in Redis so that every
 * instance sees them, per (user name, address) and per address:
 * <ul>
 * <li>Per pair, not per name alone: a name-only lock would let anyone keep a known user out for good
 * by sending a wrong password whenever the delay ends. A guesser is slowed at their own address; the
 * user, elsewhere, is not.</li>
 * <li>Per address: one address trying many names. IPv6 addresses count per /64, the block a single
 * host usually gets.</li>
 * </ul>
 * Names are counted whether or not a user has them, so a refusal says nothing about who exists.
 * Each attempt is counted as a failure before its password check and taken back when it succeeds,
 * so concurrent guesses cannot slip past the count; refused attempts check no password, so an
 * attack costs no bcrypt time either.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final LuaScript ATTEMPT = LuaScript.fromResource("/lua/login-attempt.lua");
    private static final LuaScript SUCCEEDED = LuaScript.fromResource("/lua/login-succeeded.lua");

    private final ReactiveRedisDataSource redis;
    private final AuthConfig.BruteForce config;

    public LoginThrottle(ReactiveRedisDataSource redis, AuthConfig config) {
        this.redis = redis;
        this.config = config.bruteForce();
    }

    /**
     * Counts an attempt of the name from the address; zero when it may go on, otherwise how long
     * attempts of the pair or from the address are still refused (the attempt is not counted then).
     */
    public Uni<Duration> attempt(String username, String address) {
        // Two scripts, one after the other, not one: on a Redis Cluster the two records live in different slots.
        return attempt(addressKey(address), config.freeFailuresPerAddress()).flatMap(fromAddress -> fromAddress.isZero()
                ? attempt(pairKey(username, address), config.freeFailuresPerUser())
                        .call(fromPair -> fromPair.isZero() ? Uni.createFrom().voidItem() : uncount(address))
                : Uni.createFrom().item(fromAddress));
    }

    /** The attempt succeeded: the pair's failures are forgotten, the address's count loses this attempt. */
    public Uni<Void> succeeded(String username, String address) {
        return Uni.combine().all().unis(
                        SUCCEEDED.run(redis, List.of(pairKey(username, address)),
                                List.of(Integer.toString(config.freeFailuresPerUser()), "forget")),
                        uncount(address))
                .discardItems();
    }

    /** The address's count loses an attempt that was not made (refused for its pair) or succeeded. */
    private Uni<Void> uncount(String address) {
        return SUCCEEDED.run(redis, List.of(addressKey(address)), List.of(Integer.toString(config.freeFailuresPerAddress()), "uncount"))
                .replaceWithVoid();
    }

    private Uni<Duration> attempt(String key, int freeFailures) {
        return ATTEMPT.run(redis, List.of(key), List.of(Integer.toString(freeFailures),
                        Long.toString(config.firstDelay().toMillis()), Long.toString(config.maxDelay().toMillis()),
                        Long.toString(config.forgetAfter().toMillis())))
                .map(response -> Duration.ofMillis(response.toLong()));
    }

    /** Hashed: names are up to a form field long and may contain a cluster hash tag; the key stays short and spread. */
    private static String pairKey(String username, String address) {
        return "auth:login-failures:user:" + sha256(UserRepository.fold(username)) + ":" + bucket(address);
    }

    private static String addressKey(String address) {
        return "auth:login-failures:address:" + bucket(address);
    }

    /** An IPv4 address itself (also when written IPv4-mapped, ::ffff:a.b.c.d); an IPv6 address's /64. */
    static String bucket(String address) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null || bytes.length == 4) {
            return address;
        }
        if (isIpv4Mapped(bytes)) {
            return (bytes[12] & 0xFF) + "." + (bytes[13] & 0xFF) + "." + (bytes[14] & 0xFF) + "." + (bytes[15] & 0xFF);
        }
        return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
