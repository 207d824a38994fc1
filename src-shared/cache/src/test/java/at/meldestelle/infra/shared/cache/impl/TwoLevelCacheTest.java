package at.meldestelle.infra.shared.cache.impl;

import at.meldestelle.infra.shared.cache.CacheHit;
import at.meldestelle.infra.shared.cache.CacheLevel;
import at.meldestelle.infra.shared.cache.CacheStats;
import at.meldestelle.infra.shared.cache.CacheUnavailableException;
import at.meldestelle.infra.shared.cache.CachedValue;
import at.meldestelle.infra.shared.cache.InvalidCacheRequestException;
import at.meldestelle.infra.shared.cache.KeyPattern;
import at.meldestelle.infra.shared.cache.TwoLevelCache;
import at.meldestelle.infra.shared.cache.UnknownCacheException;
import at.meldestelle.infra.shared.cache.ValueTooLargeException;
import at.meldestelle.infra.shared.testing.RedisServer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two cache nodes (each with its own Redis client, subscription and L1, as two services would have)
 * on one real Redis: the cross-node guarantee, lost connections, a Redis restart, pattern
 * invalidation at scale, stampede protection and bad input.
 */
class TwoLevelCacheTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Vertx vertx;
    private static RedisServer redis;
    private CacheNode a;
    private CacheNode b;
    private Redis raw;

    @BeforeAll
    static void startRedis() {
        vertx = Vertx.vertx();
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        vertx.closeAndAwait();
    }

    @BeforeEach
    void startNodes() {
        a = CacheNode.start(vertx, redis.url(), "node-a", Map.of());
        b = CacheNode.start(vertx, redis.url(), "node-b", Map.of());
        raw = Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.url()));
    }

    @AfterEach
    void stopNodes() {
        a.close();
        b.close();
        raw.close();
    }

    @Test
    void aReadComesFromRedisFirstThenFromMemoryWithItsMediaType() {
        String key = "member:" + UUID.randomUUID();
        a.cache("members").put(key, new CachedValue("{\"name\":\"Anna\"}".getBytes(StandardCharsets.UTF_8), "application/json"), null)
                .await().atMost(WAIT);
        CacheHit first = b.get("members", key);
        CacheHit second = awaitInL1(b, "members", key);
        assertEquals(CacheLevel.L2, first.level());
        assertEquals("application/json", second.value().contentType());
        assertEquals("{\"name\":\"Anna\"}", new String(second.value().bytes(), StandardCharsets.UTF_8));
        assertNull(b.get("members", "member:nobody"));
        CacheStats stats = b.cache("members").stats();
        assertEquals(1, stats.l1Hits());
        assertTrue(stats.l2Hits() >= 1);
        assertEquals(1, stats.l2Misses());
        assertEquals(1, stats.l1Size());
        assertEquals(stats.l1Hits() + stats.l1Misses(), stats.gets());
    }

    @Test
    void afterAWriteOnOneNodeTheOtherNeverAnswersWithTheOldValueOnceTheInvalidationArrived() {
        String key = "member:" + UUID.randomUUID();
        List<Long> delaysMicros = new ArrayList<>();
        a.put("members", key, "v0");
        for (int i = 1; i <= 200; i++) {
            awaitInL1(b, "members", key);
            a.put("members", key, "v" + i);
            long written = System.nanoTime();
            String seen = b.text("members", key);
            while (!("v" + i).equals(seen)) {
                assertEquals("v" + (i - 1), seen, "only the value just replaced may be seen, and only until the invalidation arrives");
                seen = b.text("members", key);
            }
            delaysMicros.add((System.nanoTime() - written) / 1000);
            for (int again = 0; again < 5; again++) {
                assertEquals("v" + i, b.text("members", key), "never the old value once the new one was seen");
            }
        }
        Collections.sort(delaysMicros);
        System.out.printf("Invalidation seen on the other node after a write returned: p50 %d us, p99 %d us, max %d us (200 writes)%n",
                delaysMicros.get(99), delaysMicros.get(197), delaysMicros.get(199));
    }

    /**
     * Readers on B race the invalidations: a read that fetched the old value from Redis just before a
     * write must not put it into L1 after the write's invalidation went by.
     */
    @Test
    void readersRacingWritesNeverLeaveAnOldValueInMemory() throws Exception {
        String key = "member:" + UUID.randomUUID();
        a.put("members", key, "w0");
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            running.add(CompletableFuture.runAsync(() -> {
                while (writing.get()) {
                    b.get("members", key);
                }
            }, readers));
        }
        try {
            for (int i = 1; i <= 500; i++) {
                a.put("members", key, "w" + i);
            }
        } finally {
            writing.set(false);
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            readers.shutdownNow();
        }
        awaitValue(b, key, "w500");
        for (int i = 0; i < 20; i++) {
            assertEquals("w500", b.text("members", key));
        }
        assertEquals(CacheLevel.L1, b.get("members", key).level());
    }

    @Test
    void aKilledInvalidationConnectionLosesNoInvalidation() {
        String key = "member:" + UUID.randomUUID();
        for (int round = 1; round <= 10; round++) {
            a.put("members", key, "before-" + round);
            awaitInL1(b, "members", key);
            long lossesBefore = b.caches.losses();
            killConnection("node-b");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (b.caches.losses() == lossesBefore) {
                assertTrue(System.nanoTime() < deadline, "B never noticed that its subscription was killed");
            }
            // Published while B's subscription is gone: B never hears of this write, yet its next read has it.
            a.put("members", key, "after-" + round);
            assertEquals("after-" + round, b.text("members", key), "without its subscription B reads Redis, not L1");
            b.awaitListening();
            assertEquals("after-" + round, new String(awaitInL1(b, "members", key).value().bytes(), StandardCharsets.UTF_8));
            assertEquals("after-" + round, b.text("members", key));
        }
    }

    @Test
    void withRedisDownL1StillAnswersWritesFailClearlyAndAfterARestartNothingStaleIsServed() {
        String key = "member:" + UUID.randomUUID();
        a.put("members", key, "before the outage");
        awaitInL1(b, "members", key);
        redis = redis.restartAfter(() -> {
            CacheHit degraded = b.get("members", key);
            assertEquals(CacheLevel.L1, degraded.level(), "L1 answers while Redis is away");
            assertEquals("before the outage", new String(degraded.value().bytes(), StandardCharsets.UTF_8));
            assertThrows(CacheUnavailableException.class, () -> a.put("members", key, "lost"));
            assertThrows(CacheUnavailableException.class, () -> b.get("members", "member:never-cached"));
        });
        a.awaitListening();
        b.awaitListening();
        // The restarted Redis is empty: the entry B held before the outage must not come back.
        assertNull(b.get("members", key));
        assertNull(a.get("members", key));
        writeWhenRedisAnswers(a, key, "after the outage");
        assertEquals("after the outage", b.text("members", key));
        assertEquals("after the outage", new String(awaitInL1(b, "members", key).value().bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void invalidatingAPatternOverAHundredThousandKeysNeverBlocksRedis() throws Exception {
        String cache = "bulk-" + UUID.randomUUID();
        TwoLevelCache writer = a.cache(cache);
        for (int batch = 0; batch < 100; batch++) {
            Map<String, CachedValue> values = new LinkedHashMap<>();
            for (int i = 0; i < 1000; i++) {
                values.put("p:" + (batch * 1000 + i), CacheNode.value("x"));
            }
            writer.putAll(values, Duration.ofMinutes(10)).await().atMost(WAIT);
        }
        a.put(cache, "q:kept", "kept");
        awaitInL1(b, cache, "p:17");
        send(Request.cmd(Command.CONFIG).arg("SET").arg("slowlog-log-slower-than").arg(10_000));
        send(Request.cmd(Command.SLOWLOG).arg("RESET"));
        AtomicBoolean invalidating = new AtomicBoolean(true);
        AtomicLong slowestGetMicros = new AtomicLong();
        AtomicInteger gets = new AtomicInteger();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (invalidating.get()) {
                long start = System.nanoTime();
                send(Request.cmd(Command.GET).arg("cache:" + cache + ":e:q:kept"));
                slowestGetMicros.accumulateAndGet((System.nanoTime() - start) / 1000, Math::max);
                gets.incrementAndGet();
            }
        });
        long start = System.nanoTime();
        long removed;
        try {
            removed = writer.invalidate(KeyPattern.of("p:*")).await().atMost(Duration.ofMinutes(2));
        } finally {
            invalidating.set(false);
            reader.get(30, TimeUnit.SECONDS);
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(100_000, removed);
        Response slow = send(Request.cmd(Command.SLOWLOG).arg("GET").arg(100));
        assertEquals(0, slow.size(), "no Redis command took 10 ms or more during the invalidation: " + slow);
        assertNull(b.get(cache, "p:17"), "B's L1 copy went with the pattern");
        assertNull(a.get(cache, "p:99999"));
        assertEquals("kept", b.text(cache, "q:kept"));
        System.out.printf("Invalidated 100,000 keys in %d ms; a GET running beside it: %d gets, slowest %d us%n",
                tookMillis, gets.get(), slowestGetMicros.get());
    }

    @Test
    void aHundredConcurrentMissesOnTwoNodesRunTheLoaderOnce() {
        String key = "member:" + UUID.randomUUID();
        AtomicInteger loads = new AtomicInteger();
        List<Uni<CacheHit>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            CacheNode node = i % 2 == 0 ? a : b;
            calls.add(node.cache("members").getOrLoad(key, k -> {
                loads.incrementAndGet();
                return Uni.createFrom().item(CacheNode.value("loaded " + k)).onItem().delayIt().by(Duration.ofMillis(200));
            }));
        }
        List<?> results = Uni.join().all(calls).andFailFast().await().atMost(WAIT);
        assertEquals(1, loads.get(), "the loader ran once across both nodes");
        assertEquals(100, results.size());
        for (Object result : results) {
            assertEquals("loaded " + key, new String(((CacheHit) result).value().bytes(), StandardCharsets.UTF_8));
        }
        assertEquals(1, a.cache("members").stats().loads() + b.cache("members").stats().loads());
    }

    /** The loader read the old value; a write and a delete completed while it ran: they win. */
    @Test
    void aLoadDoesNotOverwriteAWriteOrDeleteThatCompletedWhileItRan() {
        String written = "member:" + UUID.randomUUID();
        CompletableFuture<Void> writeDone = new CompletableFuture<>();
        Uni<CacheHit> load = a.cache("members").getOrLoad(written, k -> Uni.createFrom().completionStage(writeDone)
                .replaceWith(CacheNode.value("loaded before the write")));
        CompletableFuture<CacheHit> loading = load.subscribeAsCompletionStage();
        awaitLease("members", written);
        b.put("members", written, "written during the load");
        writeDone.complete(null);
        assertEquals(CacheLevel.LOADER, loading.join().level());
        assertEquals("written during the load", b.text("members", written));
        assertEquals("written during the load", a.text("members", written));

        String deleted = "member:" + UUID.randomUUID();
        CompletableFuture<Void> deleteDone = new CompletableFuture<>();
        CompletableFuture<CacheHit> loadingDeleted = a.cache("members").getOrLoad(deleted, k -> Uni.createFrom()
                .completionStage(deleteDone).replaceWith(CacheNode.value("loaded before the delete"))).subscribeAsCompletionStage();
        awaitLease("members", deleted);
        b.cache("members").delete(deleted).await().atMost(WAIT);
        deleteDone.complete(null);
        loadingDeleted.join();
        assertNull(a.get("members", deleted), "the delete during the load wins");

        String invalidated = "member:" + UUID.randomUUID();
        CompletableFuture<Void> invalidateDone = new CompletableFuture<>();
        CompletableFuture<CacheHit> loadingInvalidated = a.cache("members").getOrLoad(invalidated, k -> Uni.createFrom()
                .completionStage(invalidateDone).replaceWith(CacheNode.value("loaded before the invalidation"))).subscribeAsCompletionStage();
        awaitLease("members", invalidated);
        b.cache("members").invalidate(KeyPattern.of(invalidated.substring(0, 10) + "*")).await().atMost(WAIT);
        invalidateDone.complete(null);
        loadingInvalidated.join();
        assertNull(b.get("members", invalidated), "the pattern invalidation during the load wins");
    }

    @Test
    void warmUpLoadsOnlyWhatRedisLacks() {
        String cache = "warm-" + UUID.randomUUID();
        a.put(cache, "k1", "already");
        AtomicInteger loads = new AtomicInteger();
        int loaded = a.cache(cache).warmUp(List.of("k1", "k2", "k3"), k -> {
            loads.incrementAndGet();
            return Uni.createFrom().item(CacheNode.value("warm " + k));
        }).await().atMost(WAIT);
        assertEquals(2, loaded);
        assertEquals(2, loads.get());
        assertEquals("already", b.text(cache, "k1"));
        assertEquals("warm k3", b.text(cache, "k3"));
    }

    @Test
    void aRememberedMissEndsWithAWriteOnAnyNode() {
        String key = "n:" + UUID.randomUUID();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (b.cache("negative").stats().l1Hits() == 0) {
            assertNull(b.get("negative", key));
            assertTrue(System.nanoTime() < deadline, "the miss was never remembered in L1");
        }
        a.put("negative", key, "now there");
        awaitValue(b, "negative", key, "now there");
    }

    @Test
    void memoryNeverKeepsAnEntryLongerThanRedis() {
        String key = "member:" + UUID.randomUUID();
        a.cache("members").put(key, CacheNode.value("short"), Duration.ofMillis(300)).await().atMost(WAIT);
        assertEquals("short", new String(awaitInL1(b, "members", key).value().bytes(), StandardCharsets.UTF_8));
        CacheNode.sleep(450);
        assertNull(b.get("members", key));
    }

    @Test
    void clearAndDeleteReachEveryNode() {
        String cache = "clear-" + UUID.randomUUID();
        a.put(cache, "one", "1");
        a.put(cache, "two", "2");
        b.text(cache, "one");
        b.text(cache, "two");
        assertTrue(a.cache(cache).delete("one").await().atMost(WAIT));
        assertFalse(a.cache(cache).delete("one").await().atMost(WAIT));
        awaitValue(b, cache, "one", null);
        assertEquals(1, a.cache(cache).clear().await().atMost(WAIT));
        awaitValue(b, cache, "two", null);
    }

    @Test
    void anUnreadableAnnouncementDropsAllOfMemory() {
        String key = "member:" + UUID.randomUUID();
        a.put("members", key, "v");
        awaitInL1(b, "members", key);
        send(Request.cmd(Command.PUBLISH).arg("cache:invalidations").arg("v1garbage"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (b.get("members", key).level() == CacheLevel.L1) {
            assertTrue(System.nanoTime() < deadline, "B kept its L1 after an unreadable invalidation");
        }
    }

    @Test
    void badInputIsRefusedWithAReason() {
        TwoLevelCache members = a.cache("members");
        assertThrows(InvalidCacheRequestException.class, () -> members.put("k", CacheNode.value("v"), Duration.ZERO));
        assertThrows(InvalidCacheRequestException.class, () -> members.put("k", CacheNode.value("v"), Duration.ofSeconds(-1)));
        assertThrows(InvalidCacheRequestException.class, () -> members.put("k", CacheNode.value("v"), Duration.ofDays(31)));
        ValueTooLargeException tooLarge = assertThrows(ValueTooLargeException.class,
                () -> members.put("k", new CachedValue(new byte[1024 * 1024 + 1], null), null));
        assertEquals(1024 * 1024, tooLarge.limit());
        assertThrows(InvalidCacheRequestException.class, () -> members.get(""));
        assertThrows(InvalidCacheRequestException.class, () -> members.get("a\u0000b"));
        assertThrows(InvalidCacheRequestException.class, () -> members.get("k".repeat(1025)));
        assertThrows(InvalidCacheRequestException.class, () -> members.getAll(List.of()));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add("k" + i);
        }
        assertThrows(InvalidCacheRequestException.class, () -> members.getAll(tooMany));
        assertThrows(InvalidCacheRequestException.class, () -> a.caches.forWriting("bad:name"));
        assertThrows(InvalidCacheRequestException.class, () -> a.caches.existing("*"));
        assertThrows(UnknownCacheException.class, () -> a.caches.existing("never-written-" + UUID.randomUUID()).await().atMost(WAIT));
    }

    @Test
    void memoryAndTheNumberOfCachesAreBounded() {
        try (CacheNode small = CacheNode.start(vertx, redis.url(), "node-small", Map.of(
                "meldestelle.cache.defaults.l1-max-bytes", "300K", "meldestelle.cache.max-caches", "3"))) {
            String cache = "bounded-" + UUID.randomUUID();
            TwoLevelCache bounded = small.cache(cache);
            for (int i = 0; i < 10; i++) {
                bounded.put("big-" + i, new CachedValue(new byte[100 * 1024], null), null).await().atMost(WAIT);
                awaitInL1(small, cache, "big-" + i);
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (bounded.stats().l1Size() > 2) {
                assertTrue(System.nanoTime() < deadline, "L1 holds " + bounded.stats().l1Size() + " values of 100 KiB in 300 KiB");
                CacheNode.sleep(5);
            }
            assertTrue(bounded.stats().l1Evictions() >= 8);
            InvalidCacheRequestException tooMany = assertThrows(InvalidCacheRequestException.class,
                    () -> small.cache("one-too-many-" + UUID.randomUUID()));
            assertTrue(tooMany.getMessage().contains("at most 3 caches"), tooMany.getMessage());
        }
    }

    @Test
    void aCacheCreatedByAWriteOnOneNodeIsKnownToTheOther() {
        String cache = "created-" + UUID.randomUUID();
        a.put(cache, "k", "v");
        TwoLevelCache onB = b.caches.existing(cache).await().atMost(WAIT);
        assertEquals("v", new String(onB.get("k").await().atMost(WAIT).value().bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void batchesReadAndWriteManyKeysAtOnce() {
        String cache = "batch-" + UUID.randomUUID();
        a.cache(cache).putAll(Map.of("x", CacheNode.value("1"), "y", CacheNode.value("2")), null).await().atMost(WAIT);
        awaitInL1(b, cache, "x");
        Map<String, CacheHit> found = b.cache(cache).getAll(List.of("x", "y", "z")).await().atMost(WAIT);
        assertEquals(2, found.size());
        assertEquals(CacheLevel.L1, found.get("x").level());
        assertEquals(CacheLevel.L2, found.get("y").level());
        assertNotNull(found.get("y"));
        assertFalse(found.containsKey("z"));
    }

    /**
     * Reads until the answer comes from L1. A read right after a write may not fill L1: when the
     * write's invalidation reaches the node while the read is under way, the read leaves L1 alone.
     */
    private static CacheHit awaitInL1(CacheNode node, String cache, String key) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            CacheHit hit = node.get(cache, key);
            assertNotNull(hit, key + " is not cached");
            if (hit.level() == CacheLevel.L1) {
                return hit;
            }
            assertTrue(System.nanoTime() < deadline, key + " never reached L1");
            CacheNode.sleep(1);
        }
    }

    private void awaitValue(CacheNode node, String key, String expected) {
        awaitValue(node, "members", key, expected);
    }

    private static void awaitValue(CacheNode node, String cache, String key, String expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        AtomicReference<String> seen = new AtomicReference<>();
        while (true) {
            seen.set(node.text(cache, key));
            if (expected == null ? seen.get() == null : expected.equals(seen.get())) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "still " + seen.get() + " instead of " + expected);
            CacheNode.sleep(2);
        }
    }

    private static void writeWhenRedisAnswers(CacheNode node, String key, String value) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                node.put("members", key, value);
                return;
            } catch (CacheUnavailableException e) {
                assertTrue(System.nanoTime() < deadline, "Redis did not come back: " + e);
                CacheNode.sleep(20);
            }
        }
    }

    private void awaitLease(String cache, String key) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (send(Request.cmd(Command.EXISTS).arg("cache:" + cache + ":l:" + key)).toLong() == 0) {
            assertTrue(System.nanoTime() < deadline, "no load lease for " + key);
            CacheNode.sleep(1);
        }
    }

    private void killConnection(String name) {
        String clients = send(Request.cmd(Command.CLIENT).arg("LIST")).toString();
        for (String line : clients.split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                assertEquals(1, send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(id)).toLong());
                return;
            }
        }
        throw new AssertionError("No client named " + name + " in " + clients);
    }

    private Response send(Request request) {
        return raw.send(request).await().atMost(WAIT);
    }
}
