package at.meldestelle.infra.shared.cache.spi;

import at.meldestelle.infra.shared.cache.KeyPattern;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The shared level behind every node's L1, and the channel by which nodes tell each other what to
 * drop. Its one promise the cache builds on: a write or delete and the news of it are one step (both
 * or neither), and a listener hears of every change made after it {@link InvalidationListener#resumed()}
 * until it is told {@link InvalidationListener#lost()}. {@code impl.RedisSecondLevel} keeps it with
 * Lua scripts and Redis pub/sub. Values are opaque bytes here; keys are the cache's own keys.
 * Failures are {@link at.meldestelle.infra.shared.cache.CacheUnavailableException}.
 */
public interface SecondLevel {

    /** The stored bytes, or a null item. */
    Uni<byte[]> get(String cache, String key);

    /** The stored bytes of each key in order, null where there is none. */
    Uni<List<byte[]>> getAll(String cache, List<String> keys);

    /** Stores every value with its TTL and announces the keys, as one step. */
    Uni<Void> setAll(String origin, String cache, Map<String, Stored> values);

    /** Removes the key and announces it, as one step; completes with whether it was there. */
    Uni<Boolean> delete(String origin, String cache, String key);

    /** Removes the pattern's keys in small steps, not as one; completes with how many were removed. */
    Uni<Long> removeMatching(String cache, KeyPattern pattern);

    Uni<Void> announce(Invalidation invalidation);

    /** Takes the lease on loading {@code key} for {@code ttl} unless another holder has it. */
    Uni<Boolean> acquireLoadLease(String cache, String key, String holder, Duration ttl);

    /** Gives the lease back if {@code holder} still has it. */
    Uni<Void> releaseLoadLease(String cache, String key, String holder);

    /** Records that the cache exists, for every node; completes with whether it was new. */
    Uni<Boolean> register(String cache);

    Uni<Boolean> isRegistered(String cache);

    /** Starts delivering invalidations (and connection losses) to {@code listener}. */
    void listen(InvalidationListener listener);

    boolean listening();

    void close();

    /** A value as stored: bytes and how long Redis keeps them. */
    record Stored(byte[] bytes, Duration ttl) {
    }
}
