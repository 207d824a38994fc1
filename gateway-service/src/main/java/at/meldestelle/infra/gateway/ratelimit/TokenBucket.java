package at.meldestelle.infra.gateway.ratelimit;

import at.meldestelle.infra.shared.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Token buckets in Redis, shared by every gateway instance: one atomic script per request. */
@ApplicationScoped
public class TokenBucket {

    private static final LuaScript TAKE = LuaScript.fromResource("/lua/token-bucket.lua");
    static final String KEY_PREFIX = "gateway:ratelimit:";

    private final ReactiveRedisDataSource redis;

    public TokenBucket(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** The outcome of taking one token. */
    public record Decision(boolean allowed, long remaining, long retryAfterMillis, long resetMillis) {
    }

    public Uni<Decision> take(String bucket, int capacity, double refillPerSecond) {
        return TAKE.run(redis, List.of(KEY_PREFIX + bucket), List.of(Integer.toString(capacity), Double.toString(refillPerSecond)))
                .map(TokenBucket::decision);
    }

    private static Decision decision(Response response) {
        return new Decision(response.get(0).toInteger() == 1, response.get(1).toLong(), response.get(2).toLong(),
                response.get(3).toLong());
    }
}
