package at.meldestelle.infra.eventstore.redis;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.store.AppendOutcome;
import at.meldestelle.infra.eventstore.store.ChangeOutcome;
import at.meldestelle.infra.eventstore.store.Lookup;
import at.meldestelle.infra.eventstore.stream.AppendRequest;
import at.meldestelle.infra.eventstore.stream.AppendResult;
import at.meldestelle.infra.eventstore.stream.ExpectedVersion;
import at.meldestelle.infra.eventstore.stream.NewEvent;
import at.meldestelle.infra.eventstore.stream.ReadDirection;
import at.meldestelle.infra.eventstore.stream.ReadPage;
import at.meldestelle.infra.eventstore.stream.Snapshot;
import at.meldestelle.infra.eventstore.stream.StreamInfo;
import at.meldestelle.infra.eventstore.stream.StreamMetadata;
import at.meldestelle.infra.eventstore.stream.StreamName;
import at.meldestelle.infra.shared.api.event.EventEnvelope;
import at.meldestelle.infra.shared.redis.LuaScript;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import at.meldestelle.infra.eventstore.store.ChainState;
import at.meldestelle.infra.eventstore.stream.CategoryPage;
import at.meldestelle.infra.eventstore.stream.ChainHash;
import at.meldestelle.infra.eventstore.stream.StoredEvent;
import at.meldestelle.infra.eventstore.stream.StoredPage;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Streams on Redis. Every operation is one Lua script, so a check and the write it guards cannot be
 * separated by another instance's write. Answers are outcomes; turning them into HTTP is the REST layer's job.
 */
@ApplicationScoped
public class RedisStreamStore {

    private static final String LIB = "/lua/streams.lua";
    private static final LuaScript APPEND = LuaScript.fromResources(LIB, "/lua/append.lua");
    private static final LuaScript READ = LuaScript.fromResources(LIB, "/lua/read.lua");
    private static final LuaScript INFO = LuaScript.fromResources(LIB, "/lua/info.lua");
    private static final LuaScript DELETE = LuaScript.fromResources(LIB, "/lua/delete.lua");
    private static final LuaScript METADATA = LuaScript.fromResources(LIB, "/lua/metadata.lua");
    private static final LuaScript TRIM = LuaScript.fromResources(LIB, "/lua/trim.lua");
    private static final LuaScript SNAPSHOT = LuaScript.fromResources(LIB, "/lua/snapshot.lua");
    private static final LuaScript CATEGORY_READ = LuaScript.fromResources(LIB, "/lua/category-read.lua");
    /** Appends computed again from a fresher chain head before the append gives up as contended. */
    private static final int MAX_CHAIN_ATTEMPTS = 8;
    /** Events one script call trims: keeps Redis responsive when a new retention drops a long history. */
    private static final int TRIM_BUDGET = 1000;
    private static final String SNAPSHOT_VERSION = "version";
    private static final String SNAPSHOT_DATA = "data";
    private static final String SNAPSHOT_RECORDED_AT = "recordedAt";

    private final ReactiveRedisDataSource redis;
    private final ReactiveRedisDataSource tail;
    private final StreamHeads heads;
    private final int partitions;

    public RedisStreamStore(ReactiveRedisDataSource redis, @RedisClientName("tail") ReactiveRedisDataSource tail,
                            StreamHeads heads, EventStoreConfig config) {
        this.redis = redis;
        this.tail = tail;
        this.heads = heads;
        this.partitions = config.partitions();
    }

    public int partitionOf(StreamName stream) {
        return stream.partition(partitions);
    }

    public Uni<AppendOutcome> append(StreamName stream, AppendRequest request, String traceparent, String correlationId) {
        return append(stream, request, traceparent, correlationId, heads.get(stream.value()), 1);
    }

    private Uni<AppendOutcome> append(StreamName stream, AppendRequest request, String traceparent, String correlationId,
                                      StreamHeads.Head head, int attempt) {
        int partition = partitionOf(stream);
        List<String> keys = List.of(StoreKeys.events(partition, stream), StoreKeys.meta(partition, stream),
                StoreKeys.eventIds(partition, stream), StoreKeys.outbox(partition), StoreKeys.positions(partition),
                StoreKeys.categoryIndex(partition, stream.category()));
        List<String> trace = EventCodec.encodeTrace(traceparent, correlationId);
        List<NewEvent> events = request.events();
        List<String> args = new ArrayList<>(14 + trace.size() + events.size() * (2 + EventCodec.EVENT_ITEMS));
        args.add(request.expectedVersion().encoded());
        args.add(stream.value());
        args.add(Integer.toString(partition));
        args.add(Integer.toString(events.size()));
        args.add(Integer.toString(EventCodec.EVENT_ITEMS));
        args.addAll(EventCodec.SCRIPT_NAMES);
        args.add(head.version() + ":" + head.chain());
        args.add(Integer.toString(trace.size()));
        args.addAll(trace);
        String chain = head.chain();
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            chain = ChainHash.next(chain, head.version() + i + 1, event.eventId(), event.contentHash());
            args.add(event.eventId());
            args.add(event.contentHash());
            EventCodec.encode(event, chain, args);
        }
        String lastChain = chain;
        return APPEND.run(redis, keys, args)
                .onFailure(RedisStreamStore::isLostKeys)
                .transform(failure -> new IllegalStateException("Stream " + stream + " or the indexes of partition " + partition
                        + " hold entries beyond the stored version or position; nothing was appended. Were keys lost "
                        + "(an evicting Redis) or written by an older version of the event store?", failure))
                .flatMap(response -> {
                    if ("chain_stale".equals(response.get(0).toString())) {
                        StreamHeads.Head current = new StreamHeads.Head(response.get(1).toLong(), response.get(2).toString());
                        heads.put(stream.value(), current);
                        return attempt < MAX_CHAIN_ATTEMPTS
                                ? append(stream, request, traceparent, correlationId, current, attempt + 1)
                                : Uni.createFrom().item(new AppendOutcome.Contended(current.version()));
                    }
                    AppendOutcome outcome = appendOutcome(response);
                    if (outcome instanceof AppendOutcome.Appended appended) {
                        heads.put(stream.value(), new StreamHeads.Head(appended.result().lastVersion(), lastChain));
                    }
                    return Uni.createFrom().item(outcome);
                });
    }

    private static boolean isLostKeys(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        return message.contains("equal or smaller than the target stream top item") || message.contains("ES_LOST_KEYS");
    }

    private static AppendOutcome appendOutcome(Response response) {
        String status = response.get(0).toString();
        return switch (status) {
            case "ok" -> new AppendOutcome.Appended(new AppendResult(response.get(1).toLong(), response.get(2).toLong()));
            case "duplicate" -> new AppendOutcome.Repeated(new AppendResult(response.get(1).toLong(), response.get(2).toLong()));
            case "wrong_version" -> new AppendOutcome.WrongVersion(response.get(1).toLong(), response.get(2).toInteger() == 1);
            case "partial" -> new AppendOutcome.PartialOverlap(response.get(1).toLong());
            case "id_conflict" -> new AppendOutcome.EventIdReused(response.get(1).toLong(), response.get(2).toInteger());
            case "tombstoned" -> new AppendOutcome.Tombstoned(response.get(1).toLong());
            default -> throw new IllegalStateException("Append script answered " + status);
        };
    }

    public Uni<Lookup<ReadPage>> read(StreamName stream, long from, int count, long maxBytes, ReadDirection direction) {
        return readRaw(stream, from, count, maxBytes, direction, "visible").map(lookup -> lookup.map(response -> page(stream, response)));
    }

    /** Stored events with their hashes, forward from a version, including those past maxAge not yet trimmed. */
    public Uni<Lookup<StoredPage>> readStored(StreamName stream, long from, int count, long maxBytes) {
        return readRaw(stream, from, count, maxBytes, ReadDirection.FORWARD, "all").map(lookup -> lookup.map(response -> {
            List<StoredEvent> events = new ArrayList<>(response.size() - 3);
            for (int i = 3; i < response.size(); i++) {
                Response entry = response.get(i);
                events.add(EventCodec.decodeWithHashes(Long.parseLong(entry.get(0).toString().substring(2)), fields(entry.get(1))));
            }
            return new StoredPage(events, next(response));
        }));
    }

    private static OptionalLong next(Response page) {
        long next = page.get(2).toLong();
        return next < 0 ? OptionalLong.empty() : OptionalLong.of(next);
    }

    private Uni<Lookup<Response>> readRaw(StreamName stream, long from, int count, long maxBytes, ReadDirection direction,
                                          String which) {
        int partition = partitionOf(stream);
        List<String> keys = List.of(StoreKeys.events(partition, stream), StoreKeys.meta(partition, stream));
        List<String> args = List.of(Long.toString(from), direction == ReadDirection.FORWARD ? "forward" : "backward",
                Integer.toString(count), Long.toString(maxBytes), EventCodec.RECORDED_AT, which);
        return READ.run(redis, keys, args).map(response -> {
            String status = response.get(0).toString();
            return switch (status) {
                case "missing" -> new Lookup.NotFound<>(false);
                case "deleted" -> new Lookup.NotFound<>(true);
                case "tombstoned" -> new Lookup.Tombstoned<>();
                case "ok" -> new Lookup.Found<>(response);
                default -> throw new IllegalStateException("Read script answered " + status);
            };
        });
    }

    private static ReadPage page(StreamName stream, Response response) {
        List<EventEnvelope> events = new ArrayList<>(response.size() - 3);
        for (int i = 3; i < response.size(); i++) {
            Response entry = response.get(i);
            String id = entry.get(0).toString();
            events.add(EventCodec.decodeStored(stream.value(), Long.parseLong(id.substring(2)), fields(entry.get(1))));
        }
        return new ReadPage(events, next(response));
    }

    static Map<String, String> fields(Response flat) {
        Map<String, String> fields = new HashMap<>(flat.size());
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(flat.get(i).toString(), flat.get(i + 1).toString());
        }
        return fields;
    }

    /** Up to {@code count} index entries of a partition's category after a position, cut at {@code maxBytes}. */
    public Uni<CategoryPage> readCategory(int partition, String category, long after, int count, long maxBytes) {
        List<String> args = List.of(Long.toString(after), Integer.toString(count), Long.toString(maxBytes),
                StoreKeys.eventsPrefix(partition), StoreKeys.metaPrefix(partition), EventCodec.STREAM, EventCodec.VERSION,
                EventCodec.RECORDED_AT);
        return CATEGORY_READ.run(redis, List.of(StoreKeys.categoryIndex(partition, category)), args).map(response -> {
            List<CategoryPage.Item> items = new ArrayList<>(response.size() - 2);
            for (int i = 2; i < response.size(); i++) {
                Response item = response.get(i);
                Response fields = item.get(3);
                String stream = item.get(1).toString();
                items.add(new CategoryPage.Item(item.get(0).toLong(), stream, fields == null ? null
                        : EventCodec.decodeStored(stream, item.get(2).toLong(), fields(fields))));
            }
            return new CategoryPage(response.get(0).toLong(), response.get(1).toInteger() == 1, items);
        });
    }

    /** The position of the partition's newest event of a category, 0 when it has none. */
    public Uni<Long> lastCategoryPosition(int partition, String category) {
        return redis.stream(String.class).xrevrange(StoreKeys.categoryIndex(partition, category), StreamRange.of("+", "-"), 1)
                .map(entries -> entries.isEmpty() ? 0L : indexPosition(entries.get(0).id()));
    }

    /**
     * Waits up to {@code block} for an event of the partition's categories after the given positions,
     * on the tail connection pool: the read holds its connection while it blocks. Answers the
     * categories that have one.
     */
    public Uni<Set<String>> awaitCategories(int partition, Map<String, Long> after, Duration block) {
        Map<String, String> lastIds = new HashMap<>(after.size() * 2);
        Map<String, String> categories = new HashMap<>(after.size() * 2);
        after.forEach((category, position) -> {
            String key = StoreKeys.categoryIndex(partition, category);
            lastIds.put(key, "0-" + position);
            categories.put(key, category);
        });
        return tail.stream(String.class).xread(lastIds, new XReadArgs().block(block).count(1)).map(messages -> {
            Set<String> woken = new HashSet<>();
            if (messages != null) {
                messages.forEach(message -> woken.add(categories.get(message.key())));
            }
            return woken;
        });
    }

    private static long indexPosition(String entryId) {
        return Long.parseLong(entryId.substring(2));
    }

    /** The stream's version and chain ends. A soft-deleted stream has them too: its chain continues on recreation. */
    public Uni<Lookup<ChainState>> chainState(StreamName stream) {
        return state(stream).map(lookup -> lookup.map(state ->
                new ChainState(state.get(0).toLong(), text(state.get(4)), text(state.get(5)))));
    }

    private static String text(Response value) {
        return value == null ? ChainHash.NONE : value.toString();
    }

    public Uni<Lookup<StreamInfo>> info(StreamName stream) {
        return state(stream).map(lookup -> lookup.map(state -> {
            Response metadata = state.get(3);
            return new StreamInfo(state.get(0).toLong(),
                    metadata == null ? JsonNodeFactory.instance.objectNode() : EventCodec.raw(metadata.toString()),
                    state.get(1).toInteger() == 1);
        }));
    }

    /** info.lua's answer for a stream that exists and is not tombstoned. */
    private Uni<Lookup<Response>> state(StreamName stream) {
        int partition = partitionOf(stream);
        return INFO.run(redis, List.of(StoreKeys.meta(partition, stream)), List.of()).map(response -> {
            if (response.size() == 0) {
                return new Lookup.NotFound<>(false);
            }
            if (response.get(2).toInteger() == 1) {
                return new Lookup.Tombstoned<>();
            }
            return new Lookup.Found<>(response);
        });
    }

    public Uni<ChangeOutcome> setMetadata(StreamName stream, StreamMetadata metadata) {
        int partition = partitionOf(stream);
        List<String> keys = List.of(StoreKeys.events(partition, stream), StoreKeys.meta(partition, stream),
                StoreKeys.eventIds(partition, stream));
        List<String> args = List.of(metadata.json().toString(), text(metadata.maxCount()), text(metadata.maxAgeSeconds()),
                EventCodec.EVENT_ID, EventCodec.RECORDED_AT, EventCodec.CHAIN, Integer.toString(TRIM_BUDGET));
        return METADATA.run(redis, keys, args).flatMap(response -> {
            if ("tombstoned".equals(response.get(0).toString())) {
                return Uni.createFrom().item(new ChangeOutcome.Tombstoned());
            }
            Uni<Void> rest = response.get(1).toInteger() < TRIM_BUDGET ? Uni.createFrom().voidItem() : trimFully(keys);
            return rest.replaceWith(new ChangeOutcome.Done());
        });
    }

    /** Trims in script calls of {@link #TRIM_BUDGET} events until retention is met. */
    private Uni<Void> trimFully(List<String> keys) {
        List<String> args = List.of(EventCodec.EVENT_ID, EventCodec.RECORDED_AT, EventCodec.CHAIN, Integer.toString(TRIM_BUDGET));
        return Uni.createFrom().deferred(() -> TRIM.run(redis, keys, args))
                .repeat().until(response -> response.toInteger() < TRIM_BUDGET)
                .collect().last().replaceWithVoid();
    }

    public Uni<ChangeOutcome> delete(StreamName stream, boolean hard, ExpectedVersion expected) {
        int partition = partitionOf(stream);
        List<String> keys = List.of(StoreKeys.events(partition, stream), StoreKeys.meta(partition, stream),
                StoreKeys.eventIds(partition, stream), StoreKeys.snapshot(partition, stream), StoreKeys.positions(partition),
                StoreKeys.categoryIndex(partition, stream.category()));
        List<String> args = List.of(hard ? "hard" : "soft", expected.encoded(), stream.value(), EventCodec.STREAM, EventCodec.VERSION);
        return DELETE.run(redis, keys, args).map(response -> {
            String status = response.get(0).toString();
            return switch (status) {
                case "ok" -> new ChangeOutcome.Done();
                case "missing" -> new ChangeOutcome.NotFound(false);
                case "tombstoned" -> new ChangeOutcome.Tombstoned();
                case "wrong_version" -> new ChangeOutcome.WrongVersion(response.get(1).toLong());
                default -> throw new IllegalStateException("Delete script answered " + status);
            };
        });
    }

    public Uni<ChangeOutcome> putSnapshot(StreamName stream, long version, JsonNode data) {
        int partition = partitionOf(stream);
        List<String> keys = List.of(StoreKeys.meta(partition, stream), StoreKeys.snapshot(partition, stream));
        List<String> args = List.of(Long.toString(version), data.toString(), SNAPSHOT_VERSION, SNAPSHOT_DATA, SNAPSHOT_RECORDED_AT);
        return SNAPSHOT.run(redis, keys, args).map(response -> {
            String status = response.get(0).toString();
            return switch (status) {
                case "ok" -> new ChangeOutcome.Done();
                case "missing" -> new ChangeOutcome.NotFound(false);
                case "deleted" -> new ChangeOutcome.NotFound(true);
                case "tombstoned" -> new ChangeOutcome.Tombstoned();
                case "ahead" -> new ChangeOutcome.AheadOfStream(response.get(1).toLong());
                case "stale" -> new ChangeOutcome.OlderThanStored(response.get(1).toLong());
                default -> throw new IllegalStateException("Snapshot script answered " + status);
            };
        });
    }

    public Uni<Lookup<Snapshot>> snapshot(StreamName stream) {
        int partition = partitionOf(stream);
        return redis.hash(String.class).hmget(StoreKeys.snapshot(partition, stream), SNAPSHOT_VERSION, SNAPSHOT_DATA, SNAPSHOT_RECORDED_AT)
                .flatMap(stored -> {
                    String version = stored.get(SNAPSHOT_VERSION);
                    if (version != null) {
                        return Uni.createFrom().item(new Lookup.Found<>(new Snapshot(Long.parseLong(version),
                                EventCodec.raw(stored.get(SNAPSHOT_DATA)), Instant.ofEpochMilli(Long.parseLong(stored.get(SNAPSHOT_RECORDED_AT))))));
                    }
                    // No snapshot: say whether the stream is gone for good.
                    return info(stream).map(info -> info instanceof Lookup.Tombstoned<StreamInfo>
                            ? new Lookup.Tombstoned<>() : new Lookup.NotFound<>(false));
                });
    }

    private static String text(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "";
    }
}
