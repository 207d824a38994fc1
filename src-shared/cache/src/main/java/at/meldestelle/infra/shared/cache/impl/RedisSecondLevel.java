package at.meldestelle.infra.shared.cache.impl;

import at.meldestelle.infra.shared.cache.CacheUnavailableException;
import at.meldestelle.infra.shared.cache.KeyPattern;
import at.meldestelle.infra.shared.cache.spi.Invalidation;
import at.meldestelle.infra.shared.cache.spi.InvalidationListener;
import at.meldestelle.infra.shared.cache.spi.SecondLevel;
import at.meldestelle.infra.shared.redis.LuaScript;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * L2 on Redis: entries as strings with {@code PX}, writes and their announcement in one Lua script,
 * pattern removal by {@code SCAN} and {@code UNLINK} (never {@code KEYS}), load leases with
 * {@code SET NX PX}. Every call gives up after {@code timeout} with {@link CacheUnavailableException}.
 * Single Redis or Sentinel: the scripts touch keys of several slots, which Redis Cluster refuses.
 */
public final class RedisSecondLevel implements SecondLevel {

    private static final LuaScript SET = LuaScript.fromResource("/lua/cache/set-and-announce.lua");
    private static final LuaScript DELETE = LuaScript.fromResource("/lua/cache/delete-and-announce.lua");
    private static final LuaScript RELEASE = LuaScript.fromResource("/lua/cache/release-lease.lua");
    private static final LuaScript STORE_LOADED = LuaScript.fromResource("/lua/cache/store-loaded.lua");

    private final Redis redis;
    private final Vertx vertx;
    private final RedisKeys keys;
    private final Duration timeout;
    private final int scanCount;
    private final String clientName;
    private InvalidationSubscription subscription;
    private volatile long lastSuccessNanos = System.nanoTime();

    /**
     * @param clientName the name the subscription's connection carries in {@code CLIENT LIST}
     */
    public RedisSecondLevel(Redis redis, Vertx vertx, String keyPrefix, Duration timeout, int scanCount, String clientName) {
        this.redis = redis;
        this.vertx = vertx;
        this.keys = new RedisKeys(keyPrefix);
        this.timeout = timeout;
        this.scanCount = scanCount;
        this.clientName = clientName;
    }

    @Override
    public Uni<byte[]> get(String cache, String key) {
        return send(Request.cmd(Command.GET).arg(keys.entry(cache, key)), "read " + key)
                .map(response -> response == null ? null : response.toBytes());
    }

    @Override
    public Uni<List<byte[]>> getAll(String cache, List<String> cacheKeys) {
        Request mget = Request.cmd(Command.MGET);
        cacheKeys.forEach(key -> mget.arg(keys.entry(cache, key)));
        return send(mget, "read " + cacheKeys.size() + " keys").map(response -> {
            List<byte[]> values = new ArrayList<>(cacheKeys.size());
            for (int i = 0; i < cacheKeys.size(); i++) {
                Response value = response.get(i);
                values.add(value == null ? null : value.toBytes());
            }
            return values;
        });
    }

    @Override
    public Uni<Void> setAll(String origin, String cache, Map<String, Stored> values) {
        List<String> redisKeys = new ArrayList<>(2 * values.size());
        List<byte[]> args = new ArrayList<>(2 + 2 * values.size());
        args.add(utf8(keys.channel()));
        args.add(utf8(InvalidationCodec.encode(new Invalidation.Keys(origin, cache, List.copyOf(values.keySet())))));
        values.forEach((key, stored) -> {
            redisKeys.add(keys.entry(cache, key));
            args.add(utf8(Long.toString(stored.ttl().toMillis())));
            args.add(stored.bytes());
        });
        values.keySet().forEach(key -> redisKeys.add(keys.lease(cache, key)));
        return guarded(SET.run(redis, redisKeys, args), "write " + values.size() + " keys").replaceWithVoid();
    }

    @Override
    public Uni<Boolean> delete(String origin, String cache, String key) {
        List<byte[]> args = List.of(utf8(keys.channel()),
                utf8(InvalidationCodec.encode(new Invalidation.Keys(origin, cache, List.of(key)))));
        return guarded(DELETE.run(redis, List.of(keys.entry(cache, key), keys.lease(cache, key)), args), "delete " + key)
                .map(removed -> removed.toLong() > 0);
    }

    @Override
    public Uni<Boolean> storeLoaded(String origin, String cache, String key, String holder, Stored value) {
        List<byte[]> args = List.of(utf8(keys.channel()),
                utf8(InvalidationCodec.encode(new Invalidation.Keys(origin, cache, List.of(key)))),
                utf8(holder), utf8(Long.toString(value.ttl().toMillis())), value.bytes());
        return guarded(STORE_LOADED.run(redis, List.of(keys.entry(cache, key), keys.lease(cache, key)), args),
                "store the loaded value of " + key).map(stored -> stored.toLong() > 0);
    }

    /**
     * Each step is one {@code SCAN} of {@code scan-count} keys and one {@code UNLINK} of what it
     * found: Redis spends well under a millisecond on either, and frees the values in the background.
     */
    @Override
    public Uni<Long> removeMatching(String cache, KeyPattern pattern) {
        String match = pattern.redisMatch(keys.entriesAndLeases(cache));
        String entries = keys.entries(cache);
        AtomicLong removed = new AtomicLong();
        return Multi.createBy().repeating()
                .uni(() -> new String[]{"0"}, cursor -> scanStep(cursor, match, entries, removed))
                .whilst(next -> !"0".equals(next))
                .collect().last()
                .map(last -> removed.get());
    }

    /**
     * One SCAN and UNLINK; completes with the next cursor, and keeps it in {@code cursor} for the next
     * step. Counts the entries among the removed keys (the rest are leases).
     */
    private Uni<String> scanStep(String[] cursor, String match, String entries, AtomicLong removed) {
        Request scan = Request.cmd(Command.SCAN).arg(cursor[0]).arg("MATCH").arg(match).arg("COUNT").arg(scanCount);
        return send(scan, "scan for " + match).chain(page -> {
            cursor[0] = page.get(0).toString();
            Response found = page.get(1);
            if (found.size() == 0) {
                return Uni.createFrom().item(cursor[0]);
            }
            Request unlink = Request.cmd(Command.UNLINK);
            long entryKeys = 0;
            for (int i = 0; i < found.size(); i++) {
                unlink.arg(found.get(i).toBytes());
                if (found.get(i).toString().startsWith(entries)) {
                    entryKeys++;
                }
            }
            long foundEntries = entryKeys;
            return send(unlink, "remove keys of " + match).map(count -> {
                removed.addAndGet(Math.min(foundEntries, count.toLong()));
                return cursor[0];
            });
        });
    }

    @Override
    public Uni<Void> announce(Invalidation invalidation) {
        return send(Request.cmd(Command.PUBLISH).arg(keys.channel()).arg(InvalidationCodec.encode(invalidation)),
                "announce an invalidation").replaceWithVoid();
    }

    @Override
    public Uni<Boolean> acquireLoadLease(String cache, String key, String holder, Duration ttl) {
        Request set = Request.cmd(Command.SET).arg(keys.lease(cache, key)).arg(holder).arg("NX").arg("PX").arg(ttl.toMillis());
        return send(set, "take the load lease of " + key).map(response -> response != null);
    }

    @Override
    public Uni<Void> releaseLoadLease(String cache, String key, String holder) {
        return guarded(RELEASE.run(redis, List.of(keys.lease(cache, key)), List.of(utf8(holder))), "release the load lease of " + key)
                .replaceWithVoid();
    }

    @Override
    public Uni<Boolean> register(String cache) {
        return send(Request.cmd(Command.SADD).arg(keys.names()).arg(cache), "register cache " + cache)
                .map(added -> added.toLong() > 0);
    }

    @Override
    public Uni<Boolean> isRegistered(String cache) {
        return send(Request.cmd(Command.SISMEMBER).arg(keys.names()).arg(cache), "look up cache " + cache)
                .map(member -> member.toLong() > 0);
    }

    @Override
    public synchronized void listen(InvalidationListener listener) {
        if (subscription != null) {
            throw new IllegalStateException("Already listening");
        }
        subscription = new InvalidationSubscription(redis, vertx, keys.channel(), clientName, timeout, listener);
        subscription.start();
    }

    @Override
    public boolean listening() {
        InvalidationSubscription current = subscription;
        return current != null && current.listening();
    }

    @Override
    public boolean mayFallBackToL1() {
        InvalidationSubscription current = subscription;
        return current == null || current.listening() || lastSuccessNanos - current.lostAtNanos() < 0;
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
    }

    private Uni<Response> send(Request request, String what) {
        return guarded(redis.send(request), what);
    }

    private Uni<Response> guarded(Uni<Response> call, String what) {
        return call.invoke(() -> lastSuccessNanos = System.nanoTime()).ifNoItem().after(timeout).failWith(() -> new CacheUnavailableException(
                        "Redis did not answer within " + timeout.toMillis() + " ms to " + what, null))
                .onFailure(failure -> !(failure instanceof CacheUnavailableException))
                .transform(failure -> new CacheUnavailableException("Redis failed to " + what + ": " + failure.getMessage(), failure));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
