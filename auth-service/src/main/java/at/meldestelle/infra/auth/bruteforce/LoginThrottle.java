package at.meldestelle.infra.auth.bruteforce;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.auth.store.Sha256;
import at.meldestelle.infra.auth.user.UserRepository;
import at.meldestelle.infra.shared.redis.LuaScript;
import at.meldestelle.infra.shared.runtime.net.IpAddress;
import io.netty.util.NetUtil;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Growing delays after failed logins ({@link AuthConfig.BruteForce}), counted in Redis so that every
 * instance sees them:
 * <ul>
 * <li>Per (user name, address), not per name alone: a name-only lock would let anyone keep a known
 * user out for good by sending a wrong password whenever the delay ends. A guesser is slowed at their
 * own address; the user, elsewhere, is not. Each attempt of a pair is counted before its password
 * check (and forgotten on success, taken back when no check happened), so concurrent guesses of one
 * name cannot slip past the count.</li>
 * <li>Per address, one address trying many names: failures only, counted after the check (so a
 * refused or successful attempt never extends or re-arms it). Concurrent guesses of many names can
 * pass before their failures are counted, at most as many as the password pool takes at once.
 * IPv6 addresses count per /64, the block a single host usually gets.</li>
 * </ul>
 * Names are counted whether or not a user has them, so a refusal says nothing about who exists.
 * Refused attempts check no password: an attack costs no bcrypt time either.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final LuaScript COUNT = LuaScript.fromResource("/lua/login-count.lua");
    private static final LuaScript UNCOUNT = LuaScript.fromResource("/lua/login-uncount.lua");
    private static final LuaScript BLOCKED = LuaScript.fromResource("/lua/login-blocked.lua");

    private final ReactiveRedisDataSource redis;
    private final ReactiveKeyCommands<String> keys;
    private final AuthConfig.BruteForce config;

    public LoginThrottle(ReactiveRedisDataSource redis, AuthConfig config) {
        this.redis = redis;
        this.keys = redis.key(String.class);
        this.config = config.bruteForce();
    }

    /**
     * Counts an attempt of the name from the address; zero when it may go on, otherwise how long
     * attempts from the address or of the pair are still refused (the attempt is not counted then).
     */
    public Uni<Duration> attempt(String username, String address) {
        // One script after the other, not one: on a Redis Cluster the two records live in different slots.
        return BLOCKED.run(redis, List.of(addressKey(address)), List.of()).map(response -> Duration.ofMillis(response.toLong()))
                .flatMap(fromAddress -> fromAddress.isZero()
                        ? COUNT.run(redis, List.of(pairKey(username, address)), counting(config.freeFailuresPerUser(), "refuse-while-blocked"))
                                .map(response -> Duration.ofMillis(response.toLong()))
                        : Uni.createFrom().item(fromAddress));
    }

    /** The password was wrong (or the user unknown or disabled): the address's count grows too. */
    public Uni<Void> failed(String address) {
        return COUNT.run(redis, List.of(addressKey(address)), counting(config.freeFailuresPerAddress(), "count")).replaceWithVoid();
    }

    /** The password was right: the pair's failures are forgotten. */
    public Uni<Void> succeeded(String username, String address) {
        return keys.del(pairKey(username, address)).replaceWithVoid();
    }

    /** The attempt ended before its password was checked (503, a Redis failure): it was no guess. */
    public Uni<Void> notChecked(String username, String address) {
        return UNCOUNT.run(redis, List.of(pairKey(username, address)), List.of(Integer.toString(config.freeFailuresPerUser())))
                .replaceWithVoid();
    }

    /** The arguments of login-count.lua. */
    private List<String> counting(int freeFailures, String mode) {
        return List.of(Integer.toString(freeFailures), Long.toString(config.firstDelay().toMillis()),
                Long.toString(config.maxDelay().toMillis()), Long.toString(config.forgetAfter().toMillis()), mode);
    }

    /** Hashed: names are up to a form field long and may contain a cluster hash tag; the key stays short and spread. */
    private static String pairKey(String username, String address) {
        return "auth:login-failures:user:" + Sha256.hex(UserRepository.fold(username)) + ":" + bucket(address);
    }

    private static String addressKey(String address) {
        return "auth:login-failures:address:" + bucket(address);
    }

    /** An IPv4 address itself (also when written IPv4-mapped); an IPv6 address's /64. */
    static String bucket(String address) {
        byte[] bytes = IpAddress.bytes(address);
        if (bytes == null) {
            return address;
        }
        return bytes.length == 4 ? NetUtil.bytesToIpAddress(bytes) : HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }
}
