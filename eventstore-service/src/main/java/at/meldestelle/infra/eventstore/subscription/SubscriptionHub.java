package at.meldestelle.infra.eventstore.subscription;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.metrics.EventStoreMetrics;
import at.meldestelle.infra.eventstore.redis.RedisStreamStore;
import at.meldestelle.infra.eventstore.upcast.Upcasters;
import at.meldestelle.infra.shared.api.event.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** The partition tails of this instance, started with their first listener, and the subscriber count. */
@ApplicationScoped
public class SubscriptionHub {

    private final RedisStreamStore store;
    private final Vertx vertx;
    private final Duration block;
    private final int pageEvents;
    private final long pageBytes;
    private final int maxSubscribers;
    private final AtomicReferenceArray<PartitionTail> tails;
    private final AtomicInteger open = new AtomicInteger();
    private final Upcasters upcasters;
    private volatile Context tailContext;

    public SubscriptionHub(RedisStreamStore store, Vertx vertx, EventStoreConfig config, EventStoreMetrics metrics,
                           Upcasters upcasters) {
        this.store = store;
        this.upcasters = upcasters;
        this.vertx = vertx;
        this.block = config.subscriptions().tailBlock();
        this.pageEvents = config.subscriptions().pageEvents();
        this.pageBytes = config.limits().pageBytes().asLongValue();
        this.maxSubscribers = config.subscriptions().maxSubscribers();
        this.tails = new AtomicReferenceArray<>(config.partitions());
        metrics.subscriptionsOpen(open);
    }

    public int partitions() {
        return tails.length();
    }

    /** Events are handed to subscribers at the newest schema version the upcasting steps reach. */
    EventEnvelope upcast(EventEnvelope event) {
        return upcasters.upcast(event);
    }

    /** Counts a new subscriber in; false when this instance already serves its maximum. */
    boolean admit() {
        if (open.incrementAndGet() > maxSubscribers) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        open.decrementAndGet();
    }

    /** The listener is told of every event of the category in the partition after the answered position. */
    Uni<Long> watch(int partition, String category, TailListener listener) {
        return tail(partition).watch(category, listener);
    }

    void unwatch(int partition, String category, TailListener listener) {
        PartitionTail tail = tails.get(partition);
        if (tail != null) {
            tail.unwatch(category, listener);
        }
    }

    /** The context the tails run on, made on a thread of no request (a request's context would carry its trace). */
    void start(@Observes StartupEvent event) {
        tailContext = vertx.getOrCreateContext();
    }

    void stop(@Observes ShutdownEvent event) {
        for (int p = 0; p < tails.length(); p++) {
            PartitionTail tail = tails.get(p);
            if (tail != null) {
                tail.stop();
            }
        }
    }

    private PartitionTail tail(int partition) {
        PartitionTail tail = tails.get(partition);
        if (tail == null) {
            tails.compareAndSet(partition, null, new PartitionTail(partition, store, vertx, tailContext, block, pageEvents, pageBytes));
            tail = tails.get(partition);
        }
        return tail;
    }
}
