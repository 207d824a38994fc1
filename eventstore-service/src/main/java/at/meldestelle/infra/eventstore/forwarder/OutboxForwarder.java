package at.meldestelle.infra.eventstore.forwarder;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.metrics.EventStoreMetrics;
import at.meldestelle.infra.eventstore.redis.StoreKeys;
import at.meldestelle.infra.eventstore.store.AppendListener;
import at.meldestelle.infra.eventstore.stream.AppendResult;
import at.meldestelle.infra.eventstore.stream.StreamName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves events from each partition's outbox (a Redis stream) to Kafka: at least once, in order per
 * stream, and without letting one refused event stall its partition. An entry leaves the outbox only
 * after Kafka acknowledged it (or, refused for good, it was parked).
 *
 * <p>A drain of a partition holds its lease and repeats rounds (read a batch, publish, settle) until
 * the outbox is empty, the lease is lost or a round cannot finish. An append wakes its partition at
 * once; a periodic sweep picks up whatever a crash, a Kafka outage or another instance left behind.
 */
@ApplicationScoped
public class OutboxForwarder implements AppendListener {

    private static final Logger LOG = Logger.getLogger(OutboxForwarder.class);
    private static final java.time.Duration SHUTDOWN_RELEASE = java.time.Duration.ofSeconds(5);

    private final ReactiveStreamCommands<String, String, String> streams;
    private final PartitionLease lease;
    private final OutboxReader reader;
    private final OutboxSettler settler;
    private final KafkaEventPublisher publisher;
    private final EventStoreMetrics metrics;
    private final Vertx vertx;
    private final EventStoreConfig.Forwarder config;
    private final int partitions;
    private final PartitionScheduler scheduler;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile boolean stopping;
    private long sweepTimer = -1;

    public OutboxForwarder(ReactiveRedisDataSource redis, PartitionLease lease, OutboxReader reader, OutboxSettler settler,
                           KafkaEventPublisher publisher, EventStoreMetrics metrics, Vertx vertx, EventStoreConfig config) {
        this.streams = redis.stream(String.class);
        this.lease = lease;
        this.reader = reader;
        this.settler = settler;
        this.publisher = publisher;
        this.metrics = metrics;
        this.vertx = vertx;
        this.config = config.forwarder();
        this.partitions = config.partitions();
        this.scheduler = new PartitionScheduler(partitions, this.config.maxConcurrentPartitions(), this::drain);
    }

    void start(@Observes StartupEvent event) {
        sweepTimer = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> sweep());
    }

    /**
     * Stops taking leases and gives back those this instance holds, so that another instance goes on
     * at once rather than after the lease duration. A batch still in flight cannot settle any more
     * (the settlement is fenced), so its entries are sent again by the next holder.
     */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        vertx.cancelTimer(sweepTimer);
        try {
            Multi.createFrom().range(0, partitions).onItem().transformToUniAndConcatenate(lease::release)
                    .collect().last().await().atMost(SHUTDOWN_RELEASE);
        } catch (RuntimeException e) {
            LOG.warnf("Forwarder leases could not all be given back; they run out after %s: %s",
                    config.leaseDuration(), e.toString());
        }
    }

    @Override
    public void appended(StreamName stream, int partition, AppendResult result) {
        scheduler.wake(partition);
    }

    /**
     * Settled entries are deleted, so a non-empty outbox is one with work left. The partitions are
     * checked one after another: a burst of hundreds of commands would exhaust the Redis pool.
     */
    private void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        Multi.createFrom().range(0, partitions)
                .onItem().transformToUniAndConcatenate(partition -> streams.xlen(StoreKeys.outbox(partition))
                        .invoke(length -> {
                            metrics.outboxLength(partition, length);
                            if (length > 0) {
                                scheduler.wake(partition);
                            }
                        }))
                .collect().last()
                .eventually(() -> sweeping.set(false))
                .subscribe().with(done -> { }, failure -> LOG.warnf("Outbox sweep failed: %s", failure.getMessage()));
    }

    private Uni<Void> drain(int partition) {
        return Uni.createFrom().deferred(() -> round(partition))
                .repeat().until(more -> !more)
                .collect().last()
                .replaceWithVoid()
                .onFailure().invoke(failure ->
                        LOG.warnf(failure, "Forwarding partition %d stopped; the next sweep retries", partition))
                .onFailure().recoverWithNull();
    }

    /** One batch: true when another round should follow at once. */
    private Uni<Boolean> round(int partition) {
        if (stopping) {
            return Uni.createFrom().item(false);
        }
        return lease.hold(partition).flatMap(token -> {
            if (token > 0 && stopping) {
                // Taken while the shutdown gave the leases back: give this one back too.
                return lease.release(partition).replaceWith(false);
            }
            if (token == 0) {
                return Uni.createFrom().item(false);
            }
            return reader.next(partition).flatMap(batch -> {
                if (batch.isEmpty()) {
                    return Uni.createFrom().item(false);
                }
                ForwardRound forwarding = new ForwardRound(OutboxEntry::stream,
                        entry -> publisher.publish(entry.decode()));
                return forwarding.run(batch).flatMap(settlement -> {
                    settlement.refused().forEach((id, reason) -> {
                        metrics.parked();
                        LOG.errorf("Kafka refused outbox entry %s of partition %d; parked in %s: %s",
                                id, partition, StoreKeys.parked(partition), reason);
                    });
                    return settler.settle(partition, lease.heldAs(token), settlement.published(), settlement.refused())
                            .map(settled -> {
                                if (!settled) {
                                    LOG.warnf("Lost the lease of partition %d while forwarding; its new holder sends the batch again",
                                            partition);
                                }
                                return settled && !settlement.stalled();
                            });
                });
            });
        });
    }
}
