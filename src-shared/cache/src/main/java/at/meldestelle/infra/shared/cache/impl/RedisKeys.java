package at.meldestelle.infra.shared.cache.impl;

/**
 * The Redis keys of the caches under one prefix: {@code <prefix>:<cache>:e:<key>} for entries,
 * {@code <prefix>:<cache>:l:<key>} for load leases (one letter apart, so that one SCAN pattern,
 * {@link #entriesAndLeases}, finds both), {@code <prefix>:caches} for the set of cache
 * names and {@code <prefix>:invalidations} for the channel. Cache names hold no ':' and no globbing
 * character ({@link at.meldestelle.infra.shared.cache.CacheNames}), so no two names share keys.
 */
record RedisKeys(String prefix) {

    String entry(String cache, String key) {
        return entries(cache) + key;
    }

    /** The common start of every entry key of the cache. */
    String entries(String cache) {
        return prefix + ":" + cache + ":e:";
    }

    String lease(String cache, String key) {
        return prefix + ":" + cache + ":l:" + key;
    }

    /** The start of a SCAN pattern for a cache's entries and leases together (a Redis glob). */
    String entriesAndLeases(String cache) {
        return prefix + ":" + cache + ":[el]:";
    }

    String names() {
        return prefix + ":caches";
    }

    String channel() {
        return prefix + ":invalidations";
    }
}
