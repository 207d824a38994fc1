package at.meldestelle.infra.shared.cache;

/**
 * A cache's counters on this node since it started. Every get looks at L1 first; what L1 does not
 * answer goes to L2.
 *
 * @param l1Size      entries in this node's memory now
 * @param l1Evictions entries L1 dropped for size or age (not invalidations)
 * @param loads       loader runs on this node (stampede protection lets one node load for all)
 */
public record CacheStats(String cache, long l1Hits, long l1Misses, long l2Hits, long l2Misses, long loads,
                         long l1Size, long l1Evictions) {

    public long gets() {
        return l1Hits + l1Misses;
    }

    /** Share of gets answered by either level; 0 before the first get. */
    public double hitRatio() {
        return ratio(l1Hits + l2Hits, gets());
    }

    public double l1HitRatio() {
        return ratio(l1Hits, gets());
    }

    /** Share of the gets that reached L2 and found the entry there. */
    public double l2HitRatio() {
        return ratio(l2Hits, l2Hits + l2Misses);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
