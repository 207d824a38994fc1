package at.meldestelle.infra.cache.rest;

import at.meldestelle.infra.shared.cache.CacheStats;

/** {@code GET /caches/{cache}/stats}: this node's counters per level. */
record CacheStatsView(String cache, long gets, double hitRatio, long loads, L1 l1, L2 l2) {

    record L1(long hits, long misses, double hitRatio, long size, long evictions) {
    }

    record L2(long hits, long misses, double hitRatio) {
    }

    static CacheStatsView of(CacheStats stats) {
        return new CacheStatsView(stats.cache(), stats.gets(), stats.hitRatio(), stats.loads(),
                new L1(stats.l1Hits(), stats.l1Misses(), stats.l1HitRatio(), stats.l1Size(), stats.l1Evictions()),
                new L2(stats.l2Hits(), stats.l2Misses(), stats.l2HitRatio()));
    }
}
