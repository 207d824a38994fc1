package at.meldestelle.infra.eventstore.subscription;

import at.meldestelle.infra.eventstore.stream.CategoryPage;

/** Told of every page of new events its partition tail reads for a category it watches. */
public interface TailListener {

    /**
     * Called on the tail's thread, in commit order per partition and category.
     *
     * @param after the position the page was read after: a listener that has everything up to at
     *              least it may take the page as the continuation of what it has
     */
    void onEvents(int partition, String category, long after, CategoryPage page);
}
