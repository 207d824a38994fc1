package at.meldestelle.infra.shared.cache.impl;

import at.meldestelle.infra.shared.cache.CacheConfig;
import at.meldestelle.infra.shared.cache.TwoLevelCaches;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's caches as a CDI bean, made at start so that the node listens for invalidations before
 * it serves anything. Uses the service's default Redis client (quarkus.redis.*).
 */
@Singleton
public class CacheProducer {

    @Produces
    @Singleton
    @Startup
    TwoLevelCaches caches(CacheConfig config, ReactiveRedisDataSource redis, Vertx vertx, Instance<MeterRegistry> meters,
                          @ConfigProperty(name = "quarkus.application.name", defaultValue = "app") String application) {
        RedisSecondLevel l2 = new RedisSecondLevel(redis.getRedis(), vertx, config.keyPrefix(), config.redisTimeout(),
                config.scanCount(), application + "-cache-invalidations");
        return new DefaultTwoLevelCaches(config, l2, meters.isResolvable() ? meters.get() : null);
    }

    void close(@Disposes TwoLevelCaches caches) {
        ((DefaultTwoLevelCaches) caches).close();
    }
}
