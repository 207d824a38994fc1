package at.meldestelle.infra.eventstore.redis;

import at.meldestelle.infra.eventstore.upcast.UpcastStep;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Upcasting steps registered over the admin API, shared by every instance through one Redis hash. */
@ApplicationScoped
public class RedisUpcasterStore {

    private final ReactiveRedisDataSource redis;

    public RedisUpcasterStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    public Uni<Void> put(UpcastStep step) {
        return redis.hash(String.class).hset(StoreKeys.upcasters(), step.key(), step.patch()).replaceWithVoid();
    }

    /** True when there was such a step. */
    public Uni<Boolean> remove(String type, int fromVersion) {
        return redis.hash(String.class).hdel(StoreKeys.upcasters(), UpcastStep.key(type, fromVersion)).map(removed -> removed > 0);
    }

    public Uni<List<UpcastStep>> all() {
        return redis.hash(String.class).hgetall(StoreKeys.upcasters()).map(stored -> {
            List<UpcastStep> steps = new ArrayList<>(stored.size());
            stored.forEach((key, patch) -> steps.add(UpcastStep.fromKey(key, patch)));
            return steps;
        });
    }
}
