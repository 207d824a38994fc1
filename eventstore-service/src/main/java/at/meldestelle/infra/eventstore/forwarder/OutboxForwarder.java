package at.meldestelle.infra.eventstore.forwarder;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.redis.StoreKeys;
import at.meldestelle.infra.shared.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves events from each partition's outbox (a Redis stream) to Kafka. An entry is acknowledged and
 * deleted only after Kafka acknowledged it, so a Kafka or service outage loses nothing (at least
 * once). A partition is drained by one instance at a time (a lease in Redis) and one batch at a
 * time, which keeps each stream's events in order on Kafka.
 *
 * <p>An append wakes its partition at once; a periodic sweep picks up whatever a crash, a Kafka
 * outage or another instance left behind.
 */
@ApplicationScoped
public class OutboxForwarder {

    private static final Logger LOG = Logger.getLogger(OutboxForwarder.class);
    private static final LuaScript LEASE = LuaScript.fromResource("/lua/lease.lua");
    static final String GROUP = "forwarder";
    /** Every lease holder reads as the same consumer, so it sees the pending entries of the one before. */
    private static final String CONSUMER = "forwarder";

    private final ReactiveRedisDataSource redis;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final KafkaEventPublisher publisher;
    private final Vertx vertx;
    private final EventStoreConfig.Forwarder config;
    private final int partitions;
    private final String instanceId = UUID.randomUUID().toString();
    private final PartitionScheduler scheduler;
    private final boolean[] groupCreated;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private long sweepTimer = -1;

    public OutboxForwarder(ReactiveRedisDataSource redis, KafkaEventPublisher publisher, Vertx vertx, EventStoreConfig config) {
        this.redis = redis;
        this.streams = redis.stream(String.class);
        this.publisher = publisher;
        this.vertx = vertx;
        this.config = config.forwarder();
        this.partitions = config.partitions();
        this.scheduler = new PartitionScheduler(partitions, this.config.maxConcurrentPartitions(), this::drain);
        this.groupCreated = new boolean[partitions];
    }

    void start(@Observes StartupEvent event) {
        sweepTimer = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> sweep());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(sweepTimer);
    }

    /**
     * Forwarded entries are deleted, so a non-empty outbox is one with work left. The partitions are
     * checked one after another: a burst of hundreds of commands would exhaust the Redis pool.
     */
    private void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        Multi.createFrom().range(0, partitions)
                .onItem().transformToUniAndConcatenate(partition -> streams.xlen(StoreKeys.outbox(partition))
                        .invoke(length -> {
                            if (length > 0) {
                                wake(partition);
                            }
                        }))
                .collect().last()
                .eventually(() -> sweeping.set(false))
                .subscribe().with(done -> { }, failure -> LOG.warnf("Outbox sweep failed: %s", failure.getMessage()));
    }

    /** Asks for the partition to be drained (at once, or once more after the drain under way). */
    public void wake(int partition) {
        scheduler.wake(partition);
    }

    private Uni<Void> drain(int partition) {
        return holdLease(partition)
                .flatMap(owned -> owned ? forwardBatches(partition) : Uni.createFrom().voidItem())
                .onFailure().invoke(failure -> {
                    if (String.valueOf(failure.getMessage()).startsWith("NOGROUP")) {
                        groupCreated[partition] = false;
                    }
                    LOG.warnf(failure, "Forwarding partition %d stopped; the next sweep retries", partition);
                });
    }

    private Uni<Boolean> holdLease(int partition) {
        return LEASE.run(redis, List.of(StoreKeys.forwarderLease(partition)),
                        List.of(instanceId, Long.toString(config.leaseDuration().toMillis())))
                .map(response -> response.toInteger() == 1);
    }

    /** Pending entries first (delivered before but not acknowledged), then new ones, until none is left. */
    private Uni<Void> forwardBatches(int partition) {
        return ensureGroup(partition)
                .flatMap(ignored -> read(partition, "0"))
                .flatMap(pending -> pending.isEmpty() ? read(partition, ">") : Uni.createFrom().item(pending))
                .flatMap(batch -> batch.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : forward(partition, batch).flatMap(ignored -> holdLease(partition))
                                .flatMap(owned -> owned ? forwardBatches(partition) : Uni.createFrom().voidItem()));
    }

    private Uni<Void> forward(int partition, List<OutboxEntry> batch) {
        List<OutboxEntry> events = batch.stream().filter(e -> !e.isEmpty()).toList();
        String[] ids = batch.stream().map(OutboxEntry::id).toArray(String[]::new);
        String outbox = StoreKeys.outbox(partition);
        return publisher.publish(partition, events)
                .flatMap(ignored -> streams.xack(outbox, GROUP, ids))
                .flatMap(ignored -> streams.xdel(outbox, ids))
                .replaceWithVoid();
    }

    private Uni<List<OutboxEntry>> read(int partition, String from) {
        return streams.xreadgroup(GROUP, CONSUMER, StoreKeys.outbox(partition), from,
                        new XReadGroupArgs().count(config.batchSize()))
                .map(messages -> messages.stream().map(OutboxEntry::of).toList());
    }

    private Uni<Void> ensureGroup(int partition) {
        if (groupCreated[partition]) {
            return Uni.createFrom().voidItem();
        }
        return streams.xgroupCreate(StoreKeys.outbox(partition), GROUP, "0", new XGroupCreateArgs().mkstream())
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("BUSYGROUP"))
                .recoverWithNull()
                .invoke(() -> groupCreated[partition] = true)
                .replaceWithVoid();
    }
}
