package at.meldestelle.infra.eventstore.forwarder;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.redis.StoreKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Reads a partition's outbox through a Redis consumer group. Every lease holder reads as the same
 * consumer, so the entries a dead or deposed holder had read but not settled are the next holder's
 * pending entries: it sends them first, before anything newer of their streams.
 */
@ApplicationScoped
class OutboxReader {

    static final String GROUP = "forwarder";
    private static final String CONSUMER = "forwarder";

    private final ReactiveStreamCommands<String, String, String> streams;
    private final int batchSize;
    private final AtomicReferenceArray<Boolean> groupCreated;

    OutboxReader(ReactiveRedisDataSource redis, EventStoreConfig config) {
        this.streams = redis.stream(String.class);
        this.batchSize = config.forwarder().batchSize();
        this.groupCreated = new AtomicReferenceArray<>(config.partitions());
    }

    /** Pending entries first (read before but not settled), then new ones; empty when none is left. */
    Uni<List<OutboxEntry>> next(int partition) {
        return ensureGroup(partition)
                .flatMap(ignored -> read(partition, "0"))
                .flatMap(pending -> pending.isEmpty() ? read(partition, ">") : Uni.createFrom().item(pending))
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOGROUP"))
                .invoke(() -> groupCreated.set(partition, null));
    }

    private Uni<List<OutboxEntry>> read(int partition, String from) {
        return streams.xreadgroup(GROUP, CONSUMER, StoreKeys.outbox(partition), from, new XReadGroupArgs().count(batchSize))
                .map(messages -> messages.stream().map(OutboxEntry::of).toList());
    }

    private Uni<Void> ensureGroup(int partition) {
        if (Boolean.TRUE.equals(groupCreated.get(partition))) {
            return Uni.createFrom().voidItem();
        }
        return streams.xgroupCreate(StoreKeys.outbox(partition), GROUP, "0", new XGroupCreateArgs().mkstream())
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("BUSYGROUP"))
                .recoverWithNull()
                .invoke(() -> groupCreated.set(partition, true))
                .replaceWithVoid();
    }
}
