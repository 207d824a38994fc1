package at.meldestelle.infra.shared.cache;

/** A value found in the cache, and the level that answered. */
public record CacheHit(CachedValue value, CacheLevel level) {
}
