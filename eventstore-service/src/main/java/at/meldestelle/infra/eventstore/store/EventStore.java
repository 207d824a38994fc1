package at.meldestelle.infra.eventstore.store;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.metrics.EventStoreMetrics;
import at.meldestelle.infra.eventstore.redis.RedisStreamStore;
import at.meldestelle.infra.eventstore.stream.AppendRequest;
import at.meldestelle.infra.eventstore.stream.ExpectedVersion;
import at.meldestelle.infra.eventstore.stream.ReadDirection;
import at.meldestelle.infra.eventstore.stream.ReadPage;
import at.meldestelle.infra.eventstore.stream.Snapshot;
import at.meldestelle.infra.eventstore.stream.StreamInfo;
import at.meldestelle.infra.eventstore.stream.StreamMetadata;
import at.meldestelle.infra.eventstore.stream.StreamName;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The event store's operations, between the REST resources and the Redis adapter. */
@ApplicationScoped
public class EventStore {

    private final RedisStreamStore store;
    private final List<AppendListener> listeners;
    private final EventStoreMetrics metrics;
    private final long pageBytes;

    public EventStore(RedisStreamStore store, @All List<AppendListener> listeners, EventStoreMetrics metrics,
                      EventStoreConfig config) {
        this.store = store;
        this.listeners = listeners;
        this.metrics = metrics;
        this.pageBytes = config.limits().pageBytes().asLongValue();
    }

    public Uni<AppendOutcome> append(StreamName stream, AppendRequest request, String traceparent, String correlationId) {
        long started = System.nanoTime();
        return store.append(stream, request, traceparent, correlationId).invoke(outcome -> {
            metrics.append(outcome, request.events().size(), System.nanoTime() - started);
            if (outcome instanceof AppendOutcome.Appended appended) {
                int partition = store.partitionOf(stream);
                listeners.forEach(listener -> listener.appended(stream, partition, appended.result()));
            }
        });
    }

    /** Forward from a version (1 = the start), or backward from one (0 = the end). */
    public Uni<Lookup<ReadPage>> read(StreamName stream, long from, int count, ReadDirection direction) {
        return store.read(stream, from, count, pageBytes, direction);
    }

    public Uni<Lookup<StreamInfo>> info(StreamName stream) {
        return store.info(stream);
    }

    public Uni<ChangeOutcome> setMetadata(StreamName stream, StreamMetadata metadata) {
        return store.setMetadata(stream, metadata);
    }

    public Uni<ChangeOutcome> delete(StreamName stream, boolean hard, ExpectedVersion expected) {
        return store.delete(stream, hard, expected);
    }

    public Uni<ChangeOutcome> putSnapshot(StreamName stream, long version, JsonNode data) {
        return store.putSnapshot(stream, version, data);
    }

    public Uni<Lookup<Snapshot>> snapshot(StreamName stream) {
        return store.snapshot(stream);
    }
}
