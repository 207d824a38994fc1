package at.meldestelle.infra.bench;

import at.meldestelle.infra.shared.cache.CacheConfig;
import at.meldestelle.infra.shared.cache.CacheHit;
import at.meldestelle.infra.shared.cache.CacheLevel;
import at.meldestelle.infra.shared.cache.CachedValue;
import at.meldestelle.infra.shared.cache.TwoLevelCache;
import at.meldestelle.infra.shared.cache.impl.DefaultTwoLevelCaches;
import at.meldestelle.infra.shared.cache.impl.RedisSecondLevel;
import at.meldestelle.infra.shared.testing.RedisServer;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The embedded cache's get, answered by L1 and by L2, beside a raw Redis GET through the same
 * Vert.x client, on a real redis-server started here; 100-byte values, one caller thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class CacheGetBenchmark {

    private RedisServer redis;
    private Vertx vertx;
    private Redis client;
    private DefaultTwoLevelCaches caches;
    private TwoLevelCache l1;
    private TwoLevelCache l2;

    @Setup(Level.Trial)
    public void start() {
        redis = RedisServer.start();
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.url()).setMaxPoolSize(8));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(CacheConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new MapBackedConfigSource("bench", Map.of(
                        "meldestelle.cache.caches.l1.ttl", "PT1H",
                        "meldestelle.cache.caches.l1.l1-ttl", "PT1H",
                        "meldestelle.cache.caches.l2.ttl", "PT1H",
                        "meldestelle.cache.caches.l2.l1-max-bytes", "0"), 500) {
                })
                .build();
        caches = new DefaultTwoLevelCaches(config.getConfigMapping(CacheConfig.class),
                new RedisSecondLevel(client, vertx, "cache", Duration.ofSeconds(1), 500, "jmh"), null);
        while (!caches.invalidationsConnected()) {
            Thread.onSpinWait();
        }
        CachedValue value = new CachedValue(new byte[100], "application/octet-stream");
        l1 = caches.cache("l1");
        l2 = caches.cache("l2");
        l1.put("k", value, null).await().indefinitely();
        l2.put("k", value, null).await().indefinitely();
        client.send(Request.cmd(Command.SET).arg("raw").arg(new byte[100])).await().indefinitely();
        while (l1.get("k").await().indefinitely().level() != CacheLevel.L1) {
            Thread.onSpinWait();
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        caches.close();
        client.close();
        vertx.closeAndAwait();
        redis.close();
    }

    @Benchmark
    public CacheHit l1Get() {
        return l1.get("k").await().indefinitely();
    }

    @Benchmark
    public CacheHit l2Get() {
        return l2.get("k").await().indefinitely();
    }

    @Benchmark
    public Response rawRedisGet() {
        return client.send(Request.cmd(Command.GET).arg("raw")).await().indefinitely();
    }
}
