package at.meldestelle.infra.shared.cache.impl;

import at.meldestelle.infra.shared.cache.CachedValue;
import at.meldestelle.infra.shared.cache.KeyPattern;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One cache's L1: Caffeine, plus the rule that keeps a slow read from bringing back a value that an
 * invalidation removed while the read was on its way from Redis.
 * <p>
 * A read takes a {@link Ticket} before it asks Redis and may {@link #fill} L1 only if no
 * invalidation that could concern its key happened since: one counter per stripe of keys
 * (invalidations of one key) and one for the whole cache (patterns, clears, lost connections).
 * The stripe check and the fill run inside Caffeine's {@code compute} for the key, as does the
 * invalidation of that key, so one of them always sees the other. Pattern invalidations take the
 * write side of a lock whose read side every fill holds: a fill cannot slip in behind the sweep.
 */
final class FirstLevel {

    private static final int STRIPES = 1024;
    /** What an entry costs besides its value: the key's chars, the entry, Caffeine's node. */
    private static final int ENTRY_OVERHEAD = 96;

    private final Cache<String, Entry> entries;
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    private final AtomicLong generation = new AtomicLong();
    private final ReentrantReadWriteLock sweep = new ReentrantReadWriteLock();
    private final boolean enabled;

    /** @param maxBytes 0 turns L1 off: Caffeine would hold each entry until its next maintenance. */
    FirstLevel(long maxBytes) {
        this.enabled = maxBytes > 0;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Entry entry) -> (int) Math.min(Integer.MAX_VALUE,
                        ENTRY_OVERHEAD + 2L * key.length() + (entry.isNegative() ? 0 : entry.value().bytes().length)))
                .expireAfter(new PerEntryExpiry())
                .recordStats()
                .build();
    }

    /** The live entry, or null. A {@linkplain Entry#isNegative() negative} entry says Redis had none. */
    Entry get(String key) {
        return entries.getIfPresent(key);
    }

    Ticket ticket(String key) {
        return new Ticket(generation.get(), stripes.get(stripe(key)));
    }

    /** Puts the entry unless an invalidation of the key (or of everything) came after the ticket. */
    void fill(String key, Ticket ticket, Entry entry) {
        if (!enabled) {
            return;
        }
        sweep.readLock().lock();
        try {
            entries.asMap().compute(key, (k, old) ->
                    ticket.generation == generation.get() && ticket.stripe == stripes.get(stripe(k)) ? entry : old);
        } finally {
            sweep.readLock().unlock();
        }
    }

    void invalidate(String key) {
        entries.asMap().compute(key, (k, old) -> {
            stripes.incrementAndGet(stripe(k));
            return null;
        });
    }

    void invalidate(KeyPattern pattern) {
        sweep.writeLock().lock();
        try {
            generation.incrementAndGet();
            if (pattern.isAll()) {
                entries.invalidateAll();
            } else {
                entries.asMap().keySet().removeIf(pattern::matches);
            }
        } finally {
            sweep.writeLock().unlock();
        }
    }

    long size() {
        return entries.estimatedSize();
    }

    long evictions() {
        return entries.stats().evictionCount();
    }

    private static int stripe(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    record Ticket(long generation, long stripe) {
    }

    /**
     * @param value null for a negative entry
     * @param deadlineNanos until when L1 keeps it, on {@link System#nanoTime()} (Caffeine's ticker):
     *                      absolute, so that a rejected fill, which Caffeine counts as an update,
     *                      cannot extend it
     */
    record Entry(CachedValue value, long deadlineNanos) {
        static Entry expiringIn(CachedValue value, long nanos) {
            return new Entry(value, System.nanoTime() + nanos);
        }

        boolean isNegative() {
            return value == null;
        }
    }

    private static final class PerEntryExpiry implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String key, Entry entry, long currentTime) {
            return Math.max(0, entry.deadlineNanos - currentTime);
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
            return Math.max(0, entry.deadlineNanos - currentTime);
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
