package at.meldestelle.infra.eventstore.subscription;

import at.meldestelle.infra.eventstore.redis.RedisStreamStore;
import at.meldestelle.infra.eventstore.stream.CategoryPage;
import at.meldestelle.infra.shared.api.event.EventEnvelope;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * All events of a category, partition by partition, then live. Per partition it keeps the last
 * position delivered; a partition whose live page does not follow on from it, or that arrives while
 * the client is slow, is marked stale and read again from there. After each page a
 * {@code checkpoint} event carries the whole position vector as its id, so a client that reconnects
 * with {@code Last-Event-ID} gets at most the events of one page again.
 */
final class CategorySubscription extends Subscription {

    private final String category;
    private final RedisStreamStore store;
    private final int pageEvents;
    private final long pageBytes;
    private final long[] delivered;
    private final BitSet stale = new BitSet();
    private final boolean fromEnd;
    private int reading = -1;
    private boolean started;
    private boolean live;

    /** @param from the positions to continue after, or null to start at the category's end */
    CategorySubscription(String category, long[] from, RedisStreamStore store, SseChannel channel, SubscriptionHub hub,
                         ObjectMapper json, Vertx vertx, Context context, Duration keepalive, int pageEvents, long pageBytes) {
        super(channel, hub, json, vertx, context, keepalive);
        this.category = category;
        this.store = store;
        this.pageEvents = pageEvents;
        this.pageBytes = pageBytes;
        this.fromEnd = from == null;
        this.delivered = from == null ? new long[hub.partitions()] : CategoryCheckpoint.copy(from);
    }

    @Override
    protected void begin() {
        List<Uni<Long>> watches = new ArrayList<>(delivered.length);
        for (int p = 0; p < delivered.length; p++) {
            watches.add(hub.watch(p, category, this));
        }
        await(Uni.join().all(watches).andFailFast(), starts -> {
            for (int p = 0; p < delivered.length; p++) {
                if (fromEnd) {
                    delivered[p] = starts.get(p);
                } else if (delivered[p] < starts.get(p)) {
                    stale.set(p);
                }
            }
            // Partitions whose pages came before every watch was in place (marked stale) are read from their start.
            started = true;
            pump();
        });
    }

    /** Reads the next stale partition, one page at a time; when none is left, the subscription is live. */
    private void pump() {
        if (!started || reading >= 0 || closed()) {
            return;
        }
        if (!channel.writable()) {
            channel.whenWritable(this::pump);
            return;
        }
        int partition = stale.nextSetBit(0);
        if (partition < 0) {
            if (!live) {
                live = true;
                sendMarker(CategoryCheckpoint.format(delivered), "live", Map.of("category", category,
                        "checkpoint", CategoryCheckpoint.format(delivered)));
            }
            return;
        }
        reading = partition;
        stale.clear(partition);
        await(store.readCategory(partition, category, delivered[partition], pageEvents, pageBytes), page -> {
            reading = -1;
            deliver(partition, page.items());
            delivered[partition] = Math.max(delivered[partition], page.lastPosition());
            checkpoint();
            if (page.more()) {
                stale.set(partition);
            }
            pump();
        });
    }

    @Override
    protected void live(int partition, String category, long after, CategoryPage page) {
        if (!started) {
            stale.set(partition);
            return;
        }
        if (reading == partition || stale.get(partition) || delivered[partition] < after || !channel.writable()) {
            stale.set(partition);
            pump();
            return;
        }
        deliver(partition, page.items());
        delivered[partition] = Math.max(delivered[partition], page.lastPosition());
        checkpoint();
    }

    private void deliver(int partition, List<CategoryPage.Item> items) {
        for (CategoryPage.Item item : items) {
            if (item.position() <= delivered[partition]) {
                continue;
            }
            EventEnvelope event = item.event();
            if (event != null) {
                sendEvent(null, event);
            }
            delivered[partition] = item.position();
        }
    }

    private void checkpoint() {
        String checkpoint = CategoryCheckpoint.format(delivered);
        sendMarker(checkpoint, "checkpoint", Map.of("checkpoint", checkpoint));
    }

    @Override
    protected void unwatch() {
        for (int p = 0; p < delivered.length; p++) {
            hub.unwatch(p, category, this);
        }
    }
}
