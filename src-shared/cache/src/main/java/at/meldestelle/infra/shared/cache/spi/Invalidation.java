package at.meldestelle.infra.shared.cache.spi;

import at.meldestelle.infra.shared.cache.KeyPattern;

import java.util.List;

/**
 * What one node tells all others: drop these keys, these patterns' keys, or the whole cache from L1.
 *
 * @param origin the node that sent it (a node skips its own: it dropped the keys already)
 */
public sealed interface Invalidation {

    String origin();

    String cache();

    record Keys(String origin, String cache, List<String> keys) implements Invalidation {
    }

    record Pattern(String origin, String cache, KeyPattern pattern) implements Invalidation {
    }

    /** Everything of one cache. */
    record Clear(String origin, String cache) implements Invalidation {
    }
}
