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

    /**
     * Stores a loader's result and announces it, as one step, only if {@code holder} still holds the
     * key's load lease: every write, delete and invalidation of the key ends the lease, so a result
     * loaded before one of them is never stored after it. Completes with whether it was stored.
     */
    Uni<Boolean> storeLoaded(String origin, String cache, String key, String holder, Stored value);

    /** Removes the key and announces it, as one step; completes with whether it was there. */
    Uni<Boolean> delete(String origin, String cache, String key);

    /**
     * Removes the pattern's keys (and their load leases) in small steps, not as one; completes with
     * how many entries were removed.
     */
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

    /**
     * Whether L1 may answer for a read that L2 failed: while listening, or, with the subscription
     * down, as long as no call to L2 has succeeded since it went down (L2 is away, not merely slow:
     * a node that reaches L2 again must not fall back on an L1 that may have missed invalidations).
     */
    boolean mayFallBackToL1();

    void close();

    /** A value as stored: bytes and how long Redis keeps them. */
    record Stored(byte[] bytes, Duration ttl) {
    }
}
