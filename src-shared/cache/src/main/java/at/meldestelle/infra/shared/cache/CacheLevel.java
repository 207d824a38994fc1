package at.meldestelle.infra.shared.cache;

/** Where a value came from: this node's memory, Redis, or a loader run for this very call. */
public enum CacheLevel {
    L1, L2, LOADER
}
