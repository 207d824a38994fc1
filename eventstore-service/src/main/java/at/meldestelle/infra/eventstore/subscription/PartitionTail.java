package at.meldestelle.infra.eventstore.subscription;

import at.meldestelle.infra.eventstore.redis.RedisStreamStore;
import at.meldestelle.infra.eventstore.stream.CategoryPage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The one blocking Redis read of a partition: it waits on the category indexes its listeners
 * watch, reads each page of new events once, and hands it to every listener of that category.
 * A thousand subscribers of one partition cost one connection and one read per page.
 */
final class PartitionTail {

    private static final Logger LOG = Logger.getLogger(PartitionTail.class);
    private static final long RETRY_MILLIS = 1000;

    private final int partition;
    private final RedisStreamStore store;
    private final Vertx vertx;
    /** The tail's own context, not a request's: its reads must not belong to the first subscriber's request. */
    private final Context context;
    private final Duration block;
    private final int pageEvents;
    private final long pageBytes;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private boolean running;
    private volatile boolean stopped;

    PartitionTail(int partition, RedisStreamStore store, Vertx vertx, Context context, Duration block, int pageEvents,
                  long pageBytes) {
        this.partition = partition;
        this.store = store;
        this.vertx = vertx;
        this.context = context;
        this.block = block;
        this.pageEvents = pageEvents;
        this.pageBytes = pageBytes;
    }

    /**
     * Adds a listener of a category. Answers the position the tail reads after for it: the listener
     * is told of every event after that position. Taken under the lock that a page's hand-over takes,
     * so a listener gets either the page or a position after it.
     */
    synchronized Uni<Long> watch(String category, TailListener listener) {
        Watch watch = watches.computeIfAbsent(category, Watch::new);
        watch.listeners.add(listener);
        if (!running) {
            running = true;
            context.runOnContext(v -> next());
        }
        return watch.position >= 0 ? Uni.createFrom().item(watch.position) : watch.ready;
    }

    synchronized void unwatch(String category, TailListener listener) {
        Watch watch = watches.get(category);
        if (watch != null && watch.listeners.remove(listener) && watch.listeners.isEmpty()) {
            watches.remove(category);
        }
    }

    /** At shutdown: the tail ends with its current read, and does not retry. */
    void stop() {
        stopped = true;
    }

    private void next() {
        Map<String, Long> positions = new HashMap<>();
        synchronized (this) {
            if (watches.isEmpty() || stopped) {
                running = false;
                return;
            }
            watches.forEach((category, watch) -> {
                if (watch.position >= 0) {
                    positions.put(category, watch.position);
                }
            });
        }
        if (positions.isEmpty()) {
            // Every watch still looks up its start: wait for the first.
            Uni.combine().any().of(watches.values().stream().map(w -> w.ready).toList())
                    .subscribe().with(position -> next(), this::retry);
            return;
        }
        store.awaitCategories(partition, positions, block)
                .subscribe().with(this::drain, this::retry);
    }

    /** Reads the new events of each woken category, page by page, then waits again. */
    private void drain(Set<String> woken) {
        Deque<String> categories = new ArrayDeque<>(woken);
        drainNext(categories);
    }

    private void drainNext(Deque<String> categories) {
        String category = categories.poll();
        if (category == null) {
            next();
            return;
        }
        Watch watch = watches.get(category);
        if (watch == null || watch.position < 0) {
            drainNext(categories);
            return;
        }
        long after = watch.position;
        store.readCategory(partition, category, after, pageEvents, pageBytes).subscribe().with(page -> {
            List<TailListener> listeners;
            synchronized (this) {
                watch.position = page.lastPosition();
                listeners = List.copyOf(watch.listeners);
            }
            for (TailListener listener : listeners) {
                tell(listener, category, after, page);
            }
            if (page.more()) {
                // Behind the other woken categories, so that one busy category cannot starve them.
                categories.addLast(category);
            }
            drainNext(categories);
        }, this::retry);
    }

    private void tell(TailListener listener, String category, long after, CategoryPage page) {
        try {
            listener.onEvents(partition, category, after, page);
        } catch (RuntimeException e) {
            LOG.errorf(e, "A subscriber of partition %d failed on new events of %s", partition, category);
        }
    }

    private void retry(Throwable failure) {
        if (stopped) {
            return;
        }
        LOG.warnf("Tail of partition %d failed, retrying in %d ms: %s", partition, RETRY_MILLIS, failure.toString());
        vertx.setTimer(RETRY_MILLIS, id -> context.runOnContext(v -> next()));
    }

    /** A watched category: its listeners, and the position the tail has read up to (-1 while it is looked up). */
    private final class Watch {
        final Set<TailListener> listeners = new CopyOnWriteArraySet<>();
        final Uni<Long> ready;
        volatile long position = -1;

        Watch(String category) {
            this.ready = store.lastCategoryPosition(partition, category)
                    .invoke(last -> position = last)
                    .onFailure().invoke(() -> watches.remove(category, this))
                    .memoize().indefinitely();
        }
    }
}
