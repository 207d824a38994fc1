package at.meldestelle.infra.shared.cache;

import java.time.Duration;

/**
 * How one cache keeps its entries.
 *
 * @param ttl           an entry's lifetime in Redis when the writer names none
 * @param ttlJitter     share of {@code ttl} (0 to 1) taken off at random, so that entries written
 *                      together do not expire together; never applied to a TTL the writer named
 * @param maxTtl        the longest TTL a writer may name
 * @param l1MaxBytes    bytes of values (and keys) kept in each node's memory; the least useful go first
 * @param l1Ttl         the longest an entry stays in a node's memory (never past its Redis expiry)
 * @param negativeTtl   how long a node remembers that Redis had no entry ({@code 0}: not at all)
 * @param maxValueBytes the largest value taken
 */
public record CacheSettings(Duration ttl, double ttlJitter, Duration maxTtl, long l1MaxBytes, Duration l1Ttl,
                            Duration negativeTtl, int maxValueBytes) {

    public CacheSettings {
        positive(ttl, "ttl");
        positive(maxTtl, "max-ttl");
        positive(l1Ttl, "l1-ttl");
        if (negativeTtl == null || negativeTtl.isNegative()) {
            throw new IllegalArgumentException("negative-ttl must be 0 or more");
        }
        if (ttl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("ttl " + ttl + " is longer than max-ttl " + maxTtl);
        }
        if (!(ttlJitter >= 0 && ttlJitter < 1)) {
            throw new IllegalArgumentException("ttl-jitter must be at least 0 and below 1, is " + ttlJitter);
        }
        if (l1MaxBytes < 0) {
            throw new IllegalArgumentException("l1-max-bytes must be 0 or more");
        }
        if (maxValueBytes < 1) {
            throw new IllegalArgumentException("max-value-bytes must be at least 1");
        }
    }

    private static void positive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero() || duration.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, is " + duration);
        }
    }
}
