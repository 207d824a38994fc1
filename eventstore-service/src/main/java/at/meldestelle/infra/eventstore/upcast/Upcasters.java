package at.meldestelle.infra.eventstore.upcast;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.redis.RedisUpcasterStore;
import at.meldestelle.infra.shared.api.event.EventEnvelope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.CompatibilityFlags;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upcasting on read: an event whose type has steps from its schema version on is handed out at the
 * newest version they reach, its data patched step by step. Stored events never change. Steps come
 * from configuration and from the admin API (in Redis, read again every few seconds so that all
 * instances agree); the admin API's take precedence.
 */
@ApplicationScoped
public class Upcasters {

    private static final Logger LOG = Logger.getLogger(Upcasters.class);
    private static final long REFRESH_MILLIS = 5000;
    /** RFC 6902 as written: removing a member that is not there fails (zjsonpatch accepts it unless told). */
    private static final EnumSet<CompatibilityFlags> STRICT = EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

    private final RedisUpcasterStore store;
    private final ObjectMapper json;
    private final List<UpcastStep> configured = new ArrayList<>();
    private volatile Map<String, Map<Integer, UpcastStep>> steps = Map.of();
    private volatile Map<String, Map<Integer, JsonNode>> patches = Map.of();
    private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
    private long applied;

    public Upcasters(RedisUpcasterStore store, ObjectMapper json, EventStoreConfig config) {
        this.store = store;
        this.json = json;
        config.upcasters().forEach((type, byVersion) -> byVersion.forEach((from, patch) -> {
            try {
                configured.add(UpcastStep.of(type, from, json.readTree(patch)));
            } catch (JsonProcessingException | RuntimeException e) {
                throw new IllegalStateException("eventstore.upcasters." + type + "." + from + " is not a JSON Patch document: "
                        + e.getMessage(), e);
            }
        }));
        use(List.of());
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        refresh().subscribe().with(done -> { }, this::refreshFailed);
        vertx.setPeriodic(REFRESH_MILLIS, id -> refresh().subscribe().with(done -> { }, this::refreshFailed));
    }

    private void refreshFailed(Throwable failure) {
        LOG.warnf("Upcasting steps could not be read from Redis; the last known ones stay in use: %s", failure.toString());
    }

    /** Reads the registered steps; an answer to an older read that comes after a newer one's is dropped. */
    private Uni<Void> refresh() {
        long read = reads.incrementAndGet();
        return store.all().invoke(registered -> {
            synchronized (this) {
                if (read > applied) {
                    applied = read;
                    use(registered);
                }
            }
        }).replaceWithVoid();
    }

    private void use(List<UpcastStep> registered) {
        Map<String, Map<Integer, UpcastStep>> merged = new HashMap<>();
        for (List<UpcastStep> source : List.of(configured, registered)) {
            source.forEach(step -> merged.computeIfAbsent(step.type(), t -> new HashMap<>()).put(step.fromVersion(), step));
        }
        Map<String, Map<Integer, JsonNode>> trees = new HashMap<>();
        merged.forEach((type, byVersion) -> byVersion.forEach((from, step) ->
                trees.computeIfAbsent(type, t -> new HashMap<>()).put(from, step.patchTree(json))));
        steps = merged;
        patches = trees;
    }

    public EventEnvelope upcast(EventEnvelope event) {
        Map<Integer, JsonNode> chain = patches.get(event.type());
        if (chain == null || !chain.containsKey(event.schemaVersion())) {
            return event;
        }
        JsonNode data;
        try {
            data = json.readTree(event.data().toString());
        } catch (JsonProcessingException e) {
            return event;
        }
        int version = event.schemaVersion();
        for (JsonNode patch = chain.get(version); patch != null; patch = chain.get(version)) {
            try {
                data = JsonPatch.apply(patch, data, STRICT);
                version++;
            } catch (JsonPatchApplicationException e) {
                // Handed out at the version reached: its schemaVersion tells the reader which shape it has.
                LOG.debugf("Upcasting %s of %s v%d from schema version %d failed: %s", event.type(), event.stream(),
                        event.version(), version, e.getMessage());
                break;
            }
        }
        return new EventEnvelope(event.eventId(), event.type(), event.stream(), event.version(), version, data,
                event.metadata(), event.recordedAt(), event.position());
    }

    public List<UpcastStep> list() {
        List<UpcastStep> all = new ArrayList<>();
        steps.values().forEach(byVersion -> all.addAll(byVersion.values()));
        all.sort(Comparator.comparing((UpcastStep step) -> step.type()).thenComparingInt(UpcastStep::fromVersion));
        return all;
    }

    public Uni<Void> register(UpcastStep step) {
        return store.put(step).chain(this::refresh);
    }

    /** True when the admin API had registered such a step (a configured one stays). */
    public Uni<Boolean> remove(String type, int fromVersion) {
        return store.remove(type, fromVersion).call(removed -> refresh());
    }
}
