package at.meldestelle.infra.eventstore.stream;

import at.meldestelle.infra.shared.api.event.EventEnvelope;

import java.util.List;

/**
 * A partition's events of one category after a position, in commit order.
 *
 * @param lastPosition the last position read (the one read after when nothing was found); the next
 *                     page starts after it
 * @param more         true when the page was cut by its count or byte budget: more may follow at once
 * @param items        one per index entry read; an item's event is null when it no longer exists (its
 *                     stream was trimmed or deleted, or the entry marks a hard deletion), its position
 *                     still counts as read
 */
public record CategoryPage(long lastPosition, boolean more, List<Item> items) {

    public record Item(long position, String stream, EventEnvelope event) {
    }
}
