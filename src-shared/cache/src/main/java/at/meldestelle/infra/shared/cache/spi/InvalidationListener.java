package at.meldestelle.infra.shared.cache.spi;

/** What a {@link SecondLevel} tells the node about invalidations from other nodes. */
public interface InvalidationListener {

    void invalidated(Invalidation invalidation);

    /** Invalidations may have been missed from now on: L1 must not be trusted. */
    void lost();

    /** Invalidations arrive again; the listener drops all of L1 before it trusts L1 again. */
    void resumed();

    /** A message that could not be read: it named something to drop, but not what. */
    void unreadable(String reason);
}
