package at.meldestelle.infra.shared.cache;

import io.smallrye.mutiny.Uni;

import java.util.Set;

/**
 * The caches of this node. Caches named in configuration ({@code meldestelle.cache.caches.<name>.*})
 * exist from the start; others are created by the first write when
 * {@code meldestelle.cache.create-on-write} is on, and are then known to every node.
 */
public interface TwoLevelCaches {

    /** A cache named in configuration, for code that embeds the cache. */
    TwoLevelCache cache(String name);

    /** The cache for reading, or {@link UnknownCacheException}. */
    Uni<TwoLevelCache> existing(String name);

    /** The cache for writing: created (with the default settings) when allowed and not there yet. */
    Uni<TwoLevelCache> forWriting(String name);

    /** Names of the caches this node has met so far. */
    Set<String> names();

    /** Whether this node hears every invalidation now (false while its Redis subscription is down). */
    boolean invalidationsConnected();
}
