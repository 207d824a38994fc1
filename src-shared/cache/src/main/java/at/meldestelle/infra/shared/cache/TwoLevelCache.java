package at.meldestelle.infra.shared.cache;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One named cache: Caffeine in this node's memory (L1) in front of Redis (L2). Writes go to Redis and
 * tell every node to drop the key from L1 before they complete; reads take L1, then Redis.
 * <p>
 * The guarantee: once a write or delete has completed and its invalidation has reached a node, that
 * node never answers with the value it replaced; a node that lost its connection to Redis drops all
 * of L1 before it trusts L1 again. (See the module README for how, and for the one exception: while
 * Redis cannot be reached at all, a node answers from L1 rather than not at all.)
 * <p>
 * Failures: invalid input fails with {@link InvalidCacheRequestException} (or
 * {@link ValueTooLargeException}); Redis failures with {@link CacheUnavailableException}.
 */
public interface TwoLevelCache {

    String name();

    CacheSettings settings();

    /** The value, or a null item on a miss. */
    Uni<CacheHit> get(String key);

    /** The values found; keys without one are absent from the map. At most the configured batch size. */
    Uni<Map<String, CacheHit>> getAll(Collection<String> keys);

    /**
     * The value, loaded on a miss with stampede protection: across all nodes one call at a time runs
     * {@code loader} for a key (a lease in Redis); the others wait for its result. A loader's null
     * item means "no such value": nothing is stored and the item is null.
     */
    Uni<CacheHit> getOrLoad(String key, Function<String, Uni<CachedValue>> loader);

    /** Stores the value; {@code ttl} null means the cache's default TTL (with its jitter). */
    Uni<Void> put(String key, CachedValue value, Duration ttl);

    /** Stores all values in one Redis call, all or none. */
    Uni<Void> putAll(Map<String, CachedValue> values, Duration ttl);

    /** Completes with whether Redis held the key. */
    Uni<Boolean> delete(String key);

    /**
     * Removes every key the pattern matches, walking Redis with {@code SCAN} and {@code UNLINK} in
     * small steps, so that Redis keeps serving everyone else meanwhile. Completes with the number
     * of keys removed from Redis.
     */
    Uni<Long> invalidate(KeyPattern pattern);

    /** Removes every entry of this cache. */
    Uni<Long> clear();

    /** Loads the keys Redis does not hold yet (each as {@link #getOrLoad} would); completes with how many were loaded. */
    Uni<Integer> warmUp(List<String> keys, Function<String, Uni<CachedValue>> loader);

    CacheStats stats();
}
