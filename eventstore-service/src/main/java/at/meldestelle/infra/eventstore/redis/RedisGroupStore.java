package at.meldestelle.infra.eventstore.redis;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.persistent.AckId;
import at.meldestelle.infra.eventstore.persistent.Delivery;
import at.meldestelle.infra.eventstore.persistent.GroupSettings;
import at.meldestelle.infra.shared.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Persistent subscriptions on Redis consumer groups: one group per partition on the category index,
 * named as the subscription. Unacked deliveries are the groups' pending entries; parked ones are
 * pending entries of the parked consumer, so a replay only has to hand them back.
 */
@ApplicationScoped
public class RedisGroupStore {

    static final String PARKED = "_parked";
    static final String REPLAY = "_replay";
    static final String RETRY = "_retry";
    private static final String LIB = "/lua/streams.lua";
    private static final LuaScript READ = LuaScript.fromResources(LIB, "/lua/group-read.lua");
    private static final LuaScript PARK = LuaScript.fromResource("/lua/group-park.lua");
    private static final LuaScript REPLAY_PARKED = LuaScript.fromResource("/lua/group-replay.lua");
    private static final LuaScript CREATE = LuaScript.fromResource("/lua/group-create.lua");
    /** A consumer that has nothing pending and has not read for this long is deleted from the groups. */
    private static final long FORGET_CONSUMER_AFTER_MS = 3_600_000;
    private static final String CATEGORY = "category";
    private static final String FROM_START = "fromStart";
    private static final String MAX_DELIVERIES = "maxDeliveries";
    private static final String ACK_TIMEOUT = "ackTimeoutMs";
    /** Parked entries one replay call moves per partition. */
    private static final int REPLAY_BATCH = 1000;

    private final ReactiveRedisDataSource redis;
    private final int partitions;
    private final AtomicInteger nextStart = new AtomicInteger();

    public RedisGroupStore(ReactiveRedisDataSource redis, EventStoreConfig config) {
        this.redis = redis;
        this.partitions = config.partitions();
    }

    public int partitions() {
        return partitions;
    }

    /**
     * Creates the consumer groups, then stores the settings unless a subscription of that name exists.
     * Answers the existing settings, or empty when it stored these. The groups come first, so that a
     * crash between the steps leaves nothing a second identical call does not complete.
     */
    public Uni<Optional<GroupSettings>> create(GroupSettings settings) {
        List<String> fields = List.of(CATEGORY, settings.category(), FROM_START, Boolean.toString(settings.fromStart()),
                MAX_DELIVERIES, Integer.toString(settings.maxDeliveries()), ACK_TIMEOUT, Long.toString(settings.ackTimeoutMs()));
        return Multi.createFrom().range(0, partitions).onItem().transformToUniAndConcatenate(p ->
                        redis.execute("XGROUP", "CREATE", StoreKeys.categoryIndex(p, settings.category()), settings.group(),
                                        settings.fromStart() ? "0" : "$", "MKSTREAM")
                                .onFailure(f -> String.valueOf(f.getMessage()).startsWith("BUSYGROUP")).recoverWithNull())
                .collect().last()
                .chain(() -> CREATE.run(redis, List.of(StoreKeys.groupSettings(settings.group())), fields))
                .map(existing -> existing.size() == 0 ? Optional.empty()
                        : Optional.of(settings(settings.group(), RedisStreamStore.fields(existing))));
    }

    public Uni<Optional<GroupSettings>> settings(String group) {
        return redis.hash(String.class).hgetall(StoreKeys.groupSettings(group))
                .map(fields -> fields.get(ACK_TIMEOUT) == null ? Optional.empty() : Optional.of(settings(group, fields)));
    }

    private static GroupSettings settings(String group, Map<String, String> fields) {
        return new GroupSettings(group, fields.get(CATEGORY), Boolean.parseBoolean(fields.get(FROM_START)),
                Integer.parseInt(fields.get(MAX_DELIVERIES)), Long.parseLong(fields.get(ACK_TIMEOUT)));
    }

    public Uni<Void> delete(GroupSettings settings) {
        return Multi.createFrom().range(0, partitions).onItem().transformToUniAndConcatenate(p ->
                        redis.execute("XGROUP", "DESTROY", StoreKeys.categoryIndex(p, settings.category()), settings.group())
                                .chain(() -> redis.key().del(StoreKeys.parkingReasons(p, settings.group()))))
                .collect().last()
                .chain(() -> redis.key().del(StoreKeys.groupSettings(settings.group())))
                .replaceWithVoid();
    }

    /** Up to {@code max} deliveries for the consumer, partition by partition from a start that moves with each call. */
    public Uni<List<Delivery>> read(GroupSettings settings, String consumer, int max) {
        int start = Math.floorMod(nextStart.getAndIncrement(), partitions);
        return readFrom(settings, consumer, max, start, 0, new ArrayList<>());
    }

    private Uni<List<Delivery>> readFrom(GroupSettings settings, String consumer, int max, int start, int visited,
                                         List<Delivery> into) {
        if (into.size() >= max || visited == partitions) {
            return Uni.createFrom().item(into);
        }
        int partition = (start + visited) % partitions;
        List<String> keys = List.of(StoreKeys.categoryIndex(partition, settings.category()),
                StoreKeys.parkingReasons(partition, settings.group()));
        List<String> args = List.of(settings.group(), consumer, Integer.toString(max - into.size()),
                Long.toString(settings.ackTimeoutMs()), Integer.toString(settings.maxDeliveries()), PARKED,
                StoreKeys.eventsPrefix(partition), EventCodec.STREAM, EventCodec.VERSION, Long.toString(FORGET_CONSUMER_AFTER_MS));
        return READ.run(redis, keys, args).flatMap(response -> {
            // A partition without the group: the subscription was deleted meanwhile, or created before a change of partitions.
            if ("ok".equals(response.get(0).toString())) {
                for (int i = 1; i < response.size(); i++) {
                    Response item = response.get(i);
                    into.add(new Delivery(new AckId(partition, item.get(0).toString()).toString(), item.get(3).toInteger(), null,
                            EventCodec.decodeStored(item.get(1).toString(), item.get(2).toLong(), RedisStreamStore.fields(item.get(4)))));
                }
            }
            return readFrom(settings, consumer, max, start, visited + 1, into);
        });
    }

    public Uni<Integer> ack(GroupSettings settings, List<AckId> ids) {
        return perPartition(ids, (partition, entries) -> {
            List<String> args = new ArrayList<>(2 + entries.size());
            args.add(StoreKeys.categoryIndex(partition, settings.category()));
            args.add(settings.group());
            args.addAll(entries);
            return redis.execute("XACK", args.toArray(String[]::new)).map(Response::toInteger)
                    .call(() -> forgetReasons(settings, partition, entries));
        });
    }

    /** Makes the entries deliverable again at once, to any consumer; their delivery count stays. */
    public Uni<Integer> retry(GroupSettings settings, List<AckId> ids) {
        return perPartition(ids, (partition, entries) -> {
            List<String> args = new ArrayList<>(8 + entries.size());
            args.add(StoreKeys.categoryIndex(partition, settings.category()));
            args.add(settings.group());
            args.add(RETRY);
            args.add("0");
            args.addAll(entries);
            args.addAll(List.of("IDLE", Long.toString(settings.ackTimeoutMs()), "JUSTID"));
            return redis.execute("XCLAIM", args.toArray(String[]::new)).map(Response::size)
                    .call(() -> forgetReasons(settings, partition, entries));
        });
    }

    /** An acked or retried entry is no longer parked: its reason goes. */
    private Uni<Integer> forgetReasons(GroupSettings settings, int partition, List<String> entries) {
        return redis.hash(String.class).hdel(StoreKeys.parkingReasons(partition, settings.group()), entries.toArray(String[]::new));
    }

    public Uni<Integer> park(GroupSettings settings, List<AckId> ids, String reason) {
        return perPartition(ids, (partition, entries) -> {
            List<String> args = new ArrayList<>(3 + entries.size());
            args.add(settings.group());
            args.add(PARKED);
            args.add(reason);
            args.addAll(entries);
            return PARK.run(redis, List.of(StoreKeys.categoryIndex(partition, settings.category()),
                    StoreKeys.parkingReasons(partition, settings.group())), args).map(Response::toInteger);
        });
    }

    /** Up to {@code limit} parked events with their reasons. */
    public Uni<List<Delivery>> parked(GroupSettings settings, int limit) {
        return parkedFrom(settings, limit, 0, new ArrayList<>());
    }

    private Uni<List<Delivery>> parkedFrom(GroupSettings settings, int limit, int partition, List<Delivery> into) {
        if (into.size() >= limit || partition == partitions) {
            return Uni.createFrom().item(into);
        }
        String index = StoreKeys.categoryIndex(partition, settings.category());
        return redis.execute("XPENDING", index, settings.group(), "-", "+", Integer.toString(limit - into.size()), PARKED)
                .onFailure().recoverWithNull()
                .flatMap(pending -> {
                    if (pending == null || pending.size() == 0) {
                        return parkedFrom(settings, limit, partition + 1, into);
                    }
                    List<String> ids = new ArrayList<>(pending.size());
                    pending.forEach(entry -> ids.add(entry.get(0).toString()));
                    return describeParked(settings, partition, ids).invoke(into::addAll)
                            .flatMap(found -> parkedFrom(settings, limit, partition + 1, into));
                });
    }

    private Uni<List<Delivery>> describeParked(GroupSettings settings, int partition, List<String> ids) {
        String index = StoreKeys.categoryIndex(partition, settings.category());
        return redis.hash(String.class).hmget(StoreKeys.parkingReasons(partition, settings.group()), ids.toArray(String[]::new))
                .flatMap(reasons -> Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(id ->
                                redis.stream(String.class).xrange(index, io.quarkus.redis.datasource.stream.StreamRange.of(id, id))
                                        .flatMap(pointers -> pointers.isEmpty() ? Uni.createFrom().nullItem()
                                                : eventAt(partition, pointers.get(0).payload(), new AckId(partition, id), reasons.get(id))))
                        .collect().asList());
    }

    private Uni<Delivery> eventAt(int partition, Map<String, String> pointer, AckId id, String reason) {
        String stream = pointer.get(EventCodec.STREAM);
        String version = pointer.get(EventCodec.VERSION);
        return redis.stream(String.class).xrange(StoreKeys.eventsPrefix(partition) + stream,
                        io.quarkus.redis.datasource.stream.StreamRange.of("0-" + version, "0-" + version))
                .map(events -> new Delivery(id.toString(), null, reason, events.isEmpty() ? null
                        : EventCodec.decodeStored(stream, Long.parseLong(version), events.get(0).payload())));
    }

    /** Hands every parked event back for delivery, with its delivery count reset. Answers how many. */
    public Uni<Integer> replay(GroupSettings settings) {
        return Multi.createFrom().range(0, partitions).onItem().transformToUniAndConcatenate(partition ->
                        Uni.createFrom().deferred(() -> REPLAY_PARKED.run(redis, List.of(StoreKeys.categoryIndex(partition, settings.category()),
                                                StoreKeys.parkingReasons(partition, settings.group())),
                                        List.of(settings.group(), PARKED, REPLAY, Long.toString(settings.ackTimeoutMs()),
                                                Integer.toString(REPLAY_BATCH))).map(Response::toInteger))
                                .repeat().whilst(moved -> moved == REPLAY_BATCH)
                                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue))
                                .onFailure(f -> String.valueOf(f.getMessage()).startsWith("NOGROUP")).recoverWithItem(0))
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> perPartition(List<AckId> ids, java.util.function.BiFunction<Integer, List<String>, Uni<Integer>> action) {
        Map<Integer, List<String>> byPartition = new LinkedHashMap<>();
        ids.forEach(id -> byPartition.computeIfAbsent(id.partition(), p -> new ArrayList<>()).add(id.entryId()));
        return Multi.createFrom().iterable(byPartition.entrySet()).onItem()
                .transformToUniAndConcatenate(entry -> action.apply(entry.getKey(), entry.getValue())
                        .onFailure(f -> String.valueOf(f.getMessage()).startsWith("NOGROUP")).recoverWithItem(0))
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }
}
