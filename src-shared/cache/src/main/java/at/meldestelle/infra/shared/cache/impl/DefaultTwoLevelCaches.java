package at.meldestelle.infra.shared.cache.impl;

import at.meldestelle.infra.shared.cache.CacheConfig;
import at.meldestelle.infra.shared.cache.CacheNames;
import at.meldestelle.infra.shared.cache.CacheSettings;
import at.meldestelle.infra.shared.cache.InvalidCacheRequestException;
import at.meldestelle.infra.shared.cache.TwoLevelCache;
import at.meldestelle.infra.shared.cache.TwoLevelCaches;
import at.meldestelle.infra.shared.cache.UnknownCacheException;
import at.meldestelle.infra.shared.cache.spi.Invalidation;
import at.meldestelle.infra.shared.cache.spi.InvalidationListener;
import at.meldestelle.infra.shared.cache.spi.SecondLevel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The caches of one node, and the node's ear for invalidations: it hands each to its cache, and
 * drops every L1 when the second level says invalidations may have been missed. Not a CDI bean
 * itself ({@link CacheProducer} makes the node's one), so tests can run two nodes in one JVM.
 */
public final class DefaultTwoLevelCaches implements TwoLevelCaches, InvalidationListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DefaultTwoLevelCaches.class);

    private final CacheConfig config;
    private final SecondLevel l2;
    private final MeterRegistry meters;
    private final String node = UUID.randomUUID().toString();
    private final Map<String, DefaultTwoLevelCache> caches = new ConcurrentHashMap<>();
    private final Counter unreadable;
    private final AtomicLong losses = new AtomicLong();

    /** @param meters where the caches' meters go, or null for none */
    public DefaultTwoLevelCaches(CacheConfig config, SecondLevel l2, MeterRegistry meters) {
        this.config = config;
        this.l2 = l2;
        this.meters = meters;
        config.caches().forEach((name, overrides) -> add(CacheNames.checkName(name), overrides.over(config.defaults())));
        if (meters != null) {
            Gauge.builder("cache.invalidations.connected", this, caches -> caches.invalidationsConnected() ? 1 : 0)
                    .description("1 while this node hears every invalidation, 0 while its subscription is down (L1 bypassed)")
                    .register(meters);
            FunctionCounter.builder("cache.invalidations.lost", losses, AtomicLong::get)
                    .description("Times this node's invalidation subscription broke (each followed by an L1 bypass and drop)")
                    .register(meters);
            unreadable = Counter.builder("cache.invalidations.unreadable")
                    .description("Invalidation messages that could not be read (each drops all of L1)").register(meters);
        } else {
            unreadable = null;
        }
        l2.listen(this);
    }

    /** This node's id in invalidations. */
    public String node() {
        return node;
    }

    @Override
    public TwoLevelCache cache(String name) {
        TwoLevelCache cache = caches.get(name);
        if (cache == null) {
            throw new UnknownCacheException(name);
        }
        return cache;
    }

    @Override
    public Uni<TwoLevelCache> existing(String name) {
        CacheNames.checkName(name);
        TwoLevelCache known = caches.get(name);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return l2.isRegistered(name).map(registered -> {
            if (!registered) {
                throw new UnknownCacheException(name);
            }
            return add(name, config.defaults().settings());
        });
    }

    @Override
    public Uni<TwoLevelCache> forWriting(String name) {
        CacheNames.checkName(name);
        TwoLevelCache known = caches.get(name);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        if (!config.createOnWrite()) {
            return existing(name);
        }
        return l2.register(name).map(created -> {
            if (created) {
                LOG.infof("Cache %s created by its first write", name);
            }
            return add(name, config.defaults().settings());
        });
    }

    @Override
    public Set<String> names() {
        return new TreeSet<>(caches.keySet());
    }

    @Override
    public boolean invalidationsConnected() {
        return l2.listening();
    }

    /**
     * Own announcements too: a write that timed out on this node may still have run afterwards, and
     * its announcement is the one signal that comes after it.
     */
    @Override
    public void invalidated(Invalidation invalidation) {
        DefaultTwoLevelCache cache = caches.get(invalidation.cache());
        if (cache != null) {
            cache.apply(invalidation);
        }
    }

    /**
     * L1 is kept, not dropped: while the subscription is down it is read only when Redis cannot be
     * reached at all, and {@link #resumed()} drops it before it is trusted again.
     */
    @Override
    public void lost() {
        losses.incrementAndGet();
    }

    /** How often the invalidation subscription broke so far. */
    long losses() {
        return losses.get();
    }

    @Override
    public void resumed() {
        caches.values().forEach(DefaultTwoLevelCache::dropL1);
    }

    @Override
    public void unreadable(String reason) {
        LOG.warnf("Unreadable cache invalidation (%s): dropping all of L1", reason);
        if (unreadable != null) {
            unreadable.increment();
        }
        caches.values().forEach(DefaultTwoLevelCache::dropL1);
    }

    @Override
    public void close() {
        l2.close();
    }

    private DefaultTwoLevelCache add(String name, CacheSettings settings) {
        DefaultTwoLevelCache known = caches.get(name);
        if (known != null) {
            return known;
        }
        if (caches.size() >= config.maxCaches()) {
            throw new InvalidCacheRequestException("This node holds at most " + config.maxCaches()
                    + " caches (meldestelle.cache.max-caches); " + name + " would be one more.");
        }
        return caches.computeIfAbsent(name, n -> {
            DefaultTwoLevelCache cache = new DefaultTwoLevelCache(n, settings, l2, node, config.loadTimeout(), config.maxBatch());
            if (meters != null) {
                cache.registerMeters(meters);
            }
            return cache;
        });
    }
}
