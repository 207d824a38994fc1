package at.meldestelle.infra.shared.cache.impl;

import at.meldestelle.infra.shared.cache.CacheHit;
import at.meldestelle.infra.shared.cache.CacheLevel;
import at.meldestelle.infra.shared.cache.CacheNames;
import at.meldestelle.infra.shared.cache.CacheSettings;
import at.meldestelle.infra.shared.cache.CacheStats;
import at.meldestelle.infra.shared.cache.CacheUnavailableException;
import at.meldestelle.infra.shared.cache.CachedValue;
import at.meldestelle.infra.shared.cache.InvalidCacheRequestException;
import at.meldestelle.infra.shared.cache.KeyPattern;
import at.meldestelle.infra.shared.cache.TwoLevelCache;
import at.meldestelle.infra.shared.cache.ValueTooLargeException;
import at.meldestelle.infra.shared.cache.spi.Invalidation;
import at.meldestelle.infra.shared.cache.spi.SecondLevel;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A cache on one node: {@link FirstLevel} in front of a {@link SecondLevel}. L1 is read and filled
 * only while the node hears every invalidation ({@link SecondLevel#listening()}); while it does not,
 * reads go to L2, and L1 answers only if L2 cannot be reached at all (degraded, counted).
 */
final class DefaultTwoLevelCache implements TwoLevelCache {

    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);
    private static final Duration WAIT_FIRST = Duration.ofMillis(5);
    private static final Duration WAIT_MAX = Duration.ofMillis(100);
    private static final int WARM_UP_CONCURRENCY = 8;

    private final String name;
    private final CacheSettings settings;
    private final SecondLevel l2;
    private final String node;
    private final Duration loadTimeout;
    private final int maxBatch;
    private final FirstLevel l1;
    private final CacheCounters counters = new CacheCounters();
    private final Map<String, Uni<CacheHit>> loading = new ConcurrentHashMap<>();

    DefaultTwoLevelCache(String name, CacheSettings settings, SecondLevel l2, String node, Duration loadTimeout, int maxBatch) {
        this.name = name;
        this.settings = settings;
        this.l2 = l2;
        this.node = node;
        this.loadTimeout = loadTimeout;
        this.maxBatch = maxBatch;
        this.l1 = new FirstLevel(settings.l1MaxBytes());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CacheSettings settings() {
        return settings;
    }

    @Override
    public Uni<CacheHit> get(String key) {
        CacheNames.checkKey(key);
        if (l2.listening()) {
            FirstLevel.Entry entry = l1.get(key);
            if (entry != null) {
                counters.l1Hits.increment();
                return Uni.createFrom().item(entry.isNegative() ? null : new CacheHit(entry.value(), CacheLevel.L1));
            }
        }
        counters.l1Misses.increment();
        FirstLevel.Ticket ticket = l1.ticket(key);
        return l2.get(name, key)
                .map(stored -> fromL2(key, ticket, stored))
                .onFailure(CacheUnavailableException.class).recoverWithUni(failure -> degraded(key, failure));
    }

    @Override
    public Uni<Map<String, CacheHit>> getAll(Collection<String> keys) {
        List<String> wanted = checkedBatch(keys);
        Map<String, CacheHit> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        boolean trusted = l2.listening();
        for (String key : wanted) {
            FirstLevel.Entry entry = trusted ? l1.get(key) : null;
            if (entry == null) {
                counters.l1Misses.increment();
                missing.add(key);
            } else {
                counters.l1Hits.increment();
                if (!entry.isNegative()) {
                    found.put(key, new CacheHit(entry.value(), CacheLevel.L1));
                }
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        List<FirstLevel.Ticket> tickets = missing.stream().map(l1::ticket).toList();
        return l2.getAll(name, missing).map(values -> {
            for (int i = 0; i < missing.size(); i++) {
                CacheHit hit = fromL2(missing.get(i), tickets.get(i), values.get(i));
                if (hit != null) {
                    found.put(missing.get(i), hit);
                }
            }
            return found;
        });
    }

    @Override
    public Uni<CacheHit> getOrLoad(String key, Function<String, Uni<CachedValue>> loader) {
        return get(key).flatMap(hit -> hit != null ? Uni.createFrom().item(hit) : loadOnce(key, loader));
    }

    @Override
    public Uni<Void> put(String key, CachedValue value, Duration ttl) {
        return putAll(Map.of(key, value), ttl);
    }

    @Override
    public Uni<Void> putAll(Map<String, CachedValue> values, Duration ttl) {
        checkedBatch(values.keySet());
        Duration named = ttl == null ? null : checkedTtl(ttl);
        long now = System.currentTimeMillis();
        Map<String, SecondLevel.Stored> stored = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (value.bytes().length > settings.maxValueBytes()) {
                throw new ValueTooLargeException(key, value.bytes().length, settings.maxValueBytes());
            }
            Duration lifetime = named != null ? named : jittered(settings.ttl());
            stored.put(key, new SecondLevel.Stored(ValueEnvelope.encode(value, now + lifetime.toMillis()), lifetime));
        });
        return l2.setAll(node, name, stored).eventually(() -> values.keySet().forEach(l1::invalidate));
    }

    @Override
    public Uni<Boolean> delete(String key) {
        CacheNames.checkKey(key);
        return l2.delete(node, name, key).eventually(() -> l1.invalidate(key));
    }

    /**
     * Announced before (so nodes stop answering from L1 at once) and after the sweep (so that what a
     * node read from Redis during the sweep goes too).
     */
    @Override
    public Uni<Long> invalidate(KeyPattern pattern) {
        Invalidation announcement = pattern.isAll() ? new Invalidation.Clear(node, name) : new Invalidation.Pattern(node, name, pattern);
        l1.invalidate(pattern);
        return l2.announce(announcement)
                .chain(() -> l2.removeMatching(name, pattern))
                .call(() -> l2.announce(announcement))
                .onFailure().call(() -> l2.announce(announcement).onFailure().recoverWithNull())
                .eventually(() -> l1.invalidate(pattern));
    }

    @Override
    public Uni<Long> clear() {
        return invalidate(KeyPattern.all());
    }

    @Override
    public Uni<Integer> warmUp(List<String> keys, Function<String, Uni<CachedValue>> loader) {
        List<String> wanted = checkedBatch(keys);
        return Multi.createFrom().iterable(wanted)
                .onItem().transformToUni(key -> l2.get(name, key)
                        .flatMap(stored -> stored != null ? Uni.createFrom().item(0)
                                : loadOnce(key, loader).map(hit -> hit != null && hit.level() == CacheLevel.LOADER ? 1 : 0)))
                .merge(WARM_UP_CONCURRENCY)
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    @Override
    public CacheStats stats() {
        return counters.stats(name, l1);
    }

    void registerMeters(io.micrometer.core.instrument.MeterRegistry registry) {
        counters.register(registry, name, l1);
    }

    /** An invalidation another node announced. */
    void apply(Invalidation invalidation) {
        if (invalidation instanceof Invalidation.Keys keys) {
            keys.keys().forEach(l1::invalidate);
        } else if (invalidation instanceof Invalidation.Pattern pattern) {
            l1.invalidate(pattern.pattern());
        } else {
            l1.invalidate(KeyPattern.all());
        }
    }

    void dropL1() {
        l1.invalidate(KeyPattern.all());
    }

    private CacheHit fromL2(String key, FirstLevel.Ticket ticket, byte[] stored) {
        ValueEnvelope.Decoded decoded = ValueEnvelope.decode(stored);
        long now = System.currentTimeMillis();
        if (decoded == null || decoded.expiresAtMillis() <= now) {
            counters.l2Misses.increment();
            if (!settings.negativeTtl().isZero()) {
                fill(key, ticket, null, settings.negativeTtl().toMillis());
            }
            return null;
        }
        counters.l2Hits.increment();
        fill(key, ticket, decoded.value(), decoded.expiresAtMillis() - now);
        return new CacheHit(decoded.value(), CacheLevel.L2);
    }

    private void fill(String key, FirstLevel.Ticket ticket, CachedValue value, long ttlMillis) {
        if (l2.listening()) {
            long millis = Math.min(ttlMillis, settings.l1Ttl().toMillis());
            l1.fill(key, ticket, FirstLevel.Entry.expiringIn(value, TimeUnit.MILLISECONDS.toNanos(millis)));
        }
    }

    /**
     * Redis could not be asked: L1's copy, if there is one, is the best answer left, unless L1 may
     * have missed invalidations while Redis was reachable ({@link SecondLevel#mayFallBackToL1()}).
     */
    private Uni<CacheHit> degraded(String key, Throwable failure) {
        FirstLevel.Entry entry = l2.mayFallBackToL1() ? l1.get(key) : null;
        if (entry == null || entry.isNegative()) {
            return Uni.createFrom().failure(failure);
        }
        counters.degraded.increment();
        return Uni.createFrom().item(new CacheHit(entry.value(), CacheLevel.L1));
    }

    /** One load per key at a time on this node; the calls that come meanwhile share its result. */
    private Uni<CacheHit> loadOnce(String key, Function<String, Uni<CachedValue>> loader) {
        Uni<CacheHit> load = Uni.createFrom().deferred(() -> loadAcrossNodes(key, loader)).memoize().indefinitely();
        Uni<CacheHit> running = loading.putIfAbsent(key, load);
        if (running != null) {
            return running;
        }
        return load.eventually(() -> loading.remove(key, load));
    }

    /**
     * The lease decides which node loads. The others look for the result in Redis, backing off from
     * 5 to 100 ms, and take the lease themselves should it be given back without a result.
     */
    private Uni<CacheHit> loadAcrossNodes(String key, Function<String, Uni<CachedValue>> loader) {
        String holder = node + ":" + UUID.randomUUID();
        Duration leaseTtl = loadTimeout.plus(LEASE_MARGIN);
        // A lease request that timed out may still have been granted: given back, so nobody waits for a load that never runs.
        Uni<CacheHit> attempt = Uni.createFrom().deferred(() -> l2.acquireLoadLease(name, key, holder, leaseTtl)
                .onFailure(CacheUnavailableException.class).call(() -> l2.releaseLoadLease(name, key, holder).onFailure().recoverWithNull())
                .flatMap(acquired -> acquired ? loadUnderLease(key, loader, holder) : resultOfOtherNode(key)));
        return attempt.onFailure(LoadingElsewhere.class).retry().withBackOff(WAIT_FIRST, WAIT_MAX).expireIn(loadTimeout.toMillis())
                .onFailure(LoadingElsewhere.class).transform(waited -> new CacheUnavailableException(
                        "Another node has been loading " + key + " for longer than the load timeout", waited));
    }

    private Uni<CacheHit> resultOfOtherNode(String key) {
        return l2.get(name, key).map(stored -> {
            ValueEnvelope.Decoded decoded = ValueEnvelope.decode(stored);
            if (decoded == null) {
                throw new LoadingElsewhere();
            }
            return new CacheHit(decoded.value(), CacheLevel.L2);
        });
    }

    /**
     * Looks once more first: the node that held the lease before may have stored the value just now.
     * The result is stored only while the lease stands ({@link SecondLevel#storeLoaded}): a write,
     * delete or invalidation of the key during the load wins, and the caller gets what it loaded.
     */
    private Uni<CacheHit> loadUnderLease(String key, Function<String, Uni<CachedValue>> loader, String holder) {
        return l2.get(name, key).flatMap(stored -> {
            ValueEnvelope.Decoded decoded = ValueEnvelope.decode(stored);
            if (decoded != null) {
                return Uni.createFrom().item(new CacheHit(decoded.value(), CacheLevel.L2));
            }
            counters.loads.increment();
            return Uni.createFrom().deferred(() -> loader.apply(key))
                    .ifNoItem().after(loadTimeout).failWith(() -> new CacheUnavailableException(
                            "The loader of " + key + " did not finish within the load timeout", null))
                    .flatMap(value -> value == null ? Uni.createFrom().nullItem() : storeLoaded(key, holder, value));
        }).eventually(() -> l2.releaseLoadLease(name, key, holder).onFailure().recoverWithNull());
    }

    private Uni<CacheHit> storeLoaded(String key, String holder, CachedValue value) {
        if (value.bytes().length > settings.maxValueBytes()) {
            return Uni.createFrom().failure(new ValueTooLargeException(key, value.bytes().length, settings.maxValueBytes()));
        }
        Duration lifetime = jittered(settings.ttl());
        SecondLevel.Stored stored = new SecondLevel.Stored(
                ValueEnvelope.encode(value, System.currentTimeMillis() + lifetime.toMillis()), lifetime);
        return l2.storeLoaded(node, name, key, holder, stored)
                .eventually(() -> l1.invalidate(key))
                .replaceWith(new CacheHit(value, CacheLevel.LOADER));
    }

    private List<String> checkedBatch(Collection<String> keys) {
        if (keys.isEmpty()) {
            throw new InvalidCacheRequestException("A batch needs at least one key.");
        }
        if (keys.size() > maxBatch) {
            throw new InvalidCacheRequestException("A batch has at most " + maxBatch + " keys; this one has " + keys.size() + ".");
        }
        keys.forEach(CacheNames::checkKey);
        return List.copyOf(new LinkedHashSet<>(keys));
    }

    private Duration checkedTtl(Duration ttl) {
        if (ttl.compareTo(settings.maxTtl()) > 0) {
            throw new InvalidCacheRequestException("A TTL of cache " + name + " is at most " + settings.maxTtl() + "; " + ttl + " is longer.");
        }
        if (ttl.isNegative() || ttl.toMillis() < 1) {
            throw new InvalidCacheRequestException("A TTL must be at least 1 ms; " + ttl + " is not.");
        }
        return ttl;
    }

    private Duration jittered(Duration ttl) {
        long millis = ttl.toMillis();
        long off = (long) (millis * settings.ttlJitter() * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.max(1, millis - off));
    }

    /** Another node holds the lease and has not stored a result yet: wait and look again. */
    private static final class LoadingElsewhere extends RuntimeException {
        LoadingElsewhere() {
            super(null, null, false, false);
        }
    }
}
