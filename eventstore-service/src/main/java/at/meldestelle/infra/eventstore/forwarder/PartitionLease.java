package at.meldestelle.infra.eventstore.forwarder;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.redis.StoreKeys;
import at.meldestelle.infra.shared.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Which instance forwards a partition: a lease in Redis with a fencing token that grows with every
 * new holder. Settling outbox entries checks the token, so a holder that stalled past its lease
 * (a long GC pause, a frozen VM) cannot acknowledge entries once another instance took over.
 */
@ApplicationScoped
public class PartitionLease {

    private static final LuaScript LEASE = LuaScript.fromResource("/lua/lease.lua");
    private static final LuaScript RELEASE = LuaScript.fromResource("/lua/lease-release.lua");

    private final ReactiveRedisDataSource redis;
    private final String owner;
    private final Duration duration;

    @Inject
    public PartitionLease(ReactiveRedisDataSource redis, EventStoreConfig config) {
        this(redis, UUID.randomUUID().toString(), config.forwarder().leaseDuration());
    }

    PartitionLease(ReactiveRedisDataSource redis, String owner, Duration duration) {
        this.redis = redis;
        this.owner = owner;
        this.duration = duration;
    }

    /** Takes or renews the lease: the fencing token while this instance holds it, 0 when another does. */
    public Uni<Long> hold(int partition) {
        return LEASE.run(redis, List.of(StoreKeys.forwarderLease(partition), StoreKeys.forwarderEpoch(partition)),
                        List.of(owner, Long.toString(duration.toMillis())))
                .map(response -> response.toLong());
    }

    /** Gives the lease back if this instance holds it: true when it did. */
    public Uni<Boolean> release(int partition) {
        return RELEASE.run(redis, List.of(StoreKeys.forwarderLease(partition)), List.of(owner)).map(released -> released.toInteger() == 1);
    }

    /** The lease's value while this instance holds it with {@code token}. */
    String heldAs(long token) {
        return owner + "/" + token;
    }
}
