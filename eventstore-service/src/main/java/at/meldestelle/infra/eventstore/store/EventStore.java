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
import at.meldestelle.infra.eventstore.stream.ChainReport;
import at.meldestelle.infra.eventstore.stream.ChainVerifier;
import at.meldestelle.infra.eventstore.stream.StoredEvent;
import at.meldestelle.infra.eventstore.stream.StoredPage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The event store's operations, between the REST resources and the Redis adapter. */
@ApplicationScoped
public class EventStore {

    /** Events a verification reads per round trip. */
    private static final int VERIFY_PAGE = 500;
    private static final StoredPage EMPTY = new StoredPage(List.of(), java.util.OptionalLong.empty());

    private final RedisStreamStore store;
    private final List<AppendListener> listeners;
    private final EventStoreMetrics metrics;
    private final long pageBytes;
    private final ObjectMapper json;

    public EventStore(RedisStreamStore store, @All List<AppendListener> listeners, EventStoreMetrics metrics,
                      EventStoreConfig config, ObjectMapper json) {
        this.store = store;
        this.json = json;
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

    /**
     * Verifies the stream's hash chain from its oldest kept event to its head. A soft-deleted
     * stream verifies as empty: its events are gone, its chain base is its head. A break found while
     * retention moved the chain base (an append trimmed between the reads) is checked once more.
     */
    public Uni<Lookup<ChainReport>> verify(StreamName stream) {
        return verifyOnce(stream).flatMap(first -> {
            if (!(first.report() instanceof Lookup.Found<ChainReport> found) || found.value().intact()) {
                return Uni.createFrom().item(first.report());
            }
            return store.chainState(stream).flatMap(now -> now instanceof Lookup.Found<ChainState> state
                    && !state.value().base().equals(first.base())
                    ? verifyOnce(stream).map(Verification::report)
                    : Uni.createFrom().item(first.report()));
        });
    }

    private record Verification(Lookup<ChainReport> report, String base) {
    }

    private Uni<Verification> verifyOnce(StreamName stream) {
        return store.chainState(stream).flatMap(lookup -> {
            if (!(lookup instanceof Lookup.Found<ChainState> found)) {
                return Uni.createFrom().item(new Verification(lookup.map(state -> (ChainReport) null), null));
            }
            ChainState state = found.value();
            ChainVerifier verifier = new ChainVerifier(stream.value(), state.base(), json);
            return verifyFrom(stream, verifier, 1, state)
                    .map(report -> new Verification(new Lookup.Found<>(report), state.base()));
        });
    }

    private Uni<ChainReport> verifyFrom(StreamName stream, ChainVerifier verifier, long from, ChainState state) {
        return store.readStored(stream, from, VERIFY_PAGE, pageBytes).flatMap(lookup -> {
            StoredPage page = lookup instanceof Lookup.Found<StoredPage> found ? found.value() : EMPTY;
            for (StoredEvent event : page.events()) {
                if (event.version() > state.version()) {
                    return beyond(stream, verifier, event, state);
                }
                if (!verifier.accept(event)) {
                    return Uni.createFrom().item(verifier.report(state.head(), state.version()));
                }
            }
            if (page.next().isEmpty()) {
                return Uni.createFrom().item(verifier.report(state.head(), state.version()));
            }
            return verifyFrom(stream, verifier, page.next().getAsLong(), state);
        });
    }

    /** An event past the version read at the start: appended since (verified up to that version), or forged. */
    private Uni<ChainReport> beyond(StreamName stream, ChainVerifier verifier, StoredEvent event, ChainState state) {
        return store.chainState(stream).map(now -> now instanceof Lookup.Found<ChainState> current
                && current.value().version() >= event.version()
                ? verifier.report(state.head(), state.version())
                : verifier.notAppendedByTheStore(event, state.version()));
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
