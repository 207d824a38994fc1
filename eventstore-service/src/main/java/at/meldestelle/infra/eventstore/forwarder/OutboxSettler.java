package at.meldestelle.infra.eventstore.forwarder;

import at.meldestelle.infra.eventstore.redis.EventCodec;
import at.meldestelle.infra.eventstore.redis.StoreKeys;
import at.meldestelle.infra.shared.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Removes forwarded entries from the outbox and parks refused ones, fenced by the lease token. */
@ApplicationScoped
class OutboxSettler {

    private static final LuaScript SETTLE = LuaScript.fromResource("/lua/outbox-settle.lua");

    private final ReactiveRedisDataSource redis;

    OutboxSettler(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** False when the lease was no longer {@code heldAs}: nothing was settled. */
    Uni<Boolean> settle(int partition, String heldAs, List<String> published, Map<String, String> refused) {
        if (published.isEmpty() && refused.isEmpty()) {
            return Uni.createFrom().item(true);
        }
        List<String> args = new ArrayList<>(5 + published.size() + refused.size() * 2);
        args.add(heldAs);
        args.add(OutboxReader.GROUP);
        args.add(EventCodec.PARKED_REASON);
        args.add(EventCodec.PARKED_OUTBOX_ID);
        args.add(Integer.toString(published.size()));
        args.addAll(published);
        refused.forEach((id, reason) -> {
            args.add(id);
            args.add(reason);
        });
        return SETTLE.run(redis, List.of(StoreKeys.forwarderLease(partition), StoreKeys.outbox(partition),
                StoreKeys.parked(partition)), args).map(response -> response.toLong() >= 0);
    }
}
