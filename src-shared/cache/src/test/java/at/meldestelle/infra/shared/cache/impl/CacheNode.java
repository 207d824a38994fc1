package at.meldestelle.infra.shared.cache.impl;

import at.meldestelle.infra.shared.cache.CacheConfig;
import at.meldestelle.infra.shared.cache.CacheHit;
import at.meldestelle.infra.shared.cache.CachedValue;
import at.meldestelle.infra.shared.cache.TwoLevelCache;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One cache node as a service would run it (its own Redis client, subscription and L1), built
 * without Quarkus so that a test can run several against one real Redis and stop that Redis.
 */
final class CacheNode implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    final DefaultTwoLevelCaches caches;
    private final Redis client;

    private CacheNode(DefaultTwoLevelCaches caches, Redis client) {
        this.caches = caches;
        this.client = client;
    }

    static CacheNode start(Vertx vertx, String redisUrl, String name, Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "meldestelle.cache.defaults.l1-ttl", "PT10M",
                "meldestelle.cache.caches.members.ttl", "PT10M",
                "meldestelle.cache.caches.negative.negative-ttl", "PT10M"));
        properties.putAll(settings);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(CacheConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new MapBackedConfigSource("test", properties, 500) {
                })
                .build();
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl)
                .setMaxPoolSize(16).setMaxPoolWaiting(2048));
        RedisSecondLevel l2 = new RedisSecondLevel(client, vertx, "cache", Duration.ofMillis(500), 500, name);
        CacheNode node = new CacheNode(new DefaultTwoLevelCaches(config.getConfigMapping(CacheConfig.class), l2, null), client);
        node.awaitListening();
        return node;
    }

    TwoLevelCache cache(String name) {
        return caches.forWriting(name).await().atMost(WAIT);
    }

    CacheHit get(String cache, String key) {
        return cache(cache).get(key).await().atMost(WAIT);
    }

    String text(String cache, String key) {
        CacheHit hit = get(cache, key);
        return hit == null ? null : new String(hit.value().bytes(), StandardCharsets.UTF_8);
    }

    void put(String cache, String key, String value) {
        cache(cache).put(key, value(value), null).await().atMost(WAIT);
    }

    static CachedValue value(String text) {
        return new CachedValue(text.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    void awaitListening() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!caches.invalidationsConnected()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The node did not subscribe to invalidations within " + WAIT);
            }
            sleep(5);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        caches.close();
        client.close();
    }
}
