package at.meldestelle.infra.shared.cache.impl;

import at.meldestelle.infra.shared.cache.CacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/** One cache's counters, and their Micrometer meters (Micrometer's own cache meter names, with a level tag). */
final class CacheCounters {

    final LongAdder l1Hits = new LongAdder();
    final LongAdder l1Misses = new LongAdder();
    final LongAdder l2Hits = new LongAdder();
    final LongAdder l2Misses = new LongAdder();
    final LongAdder loads = new LongAdder();
    /** L1 answers given because Redis could not be reached (these gets count as L1 misses too). */
    final LongAdder degraded = new LongAdder();

    CacheStats stats(String cache, FirstLevel l1) {
        return new CacheStats(cache, l1Hits.sum(), l1Misses.sum(), l2Hits.sum(), l2Misses.sum(), loads.sum(),
                l1.size(), l1.evictions());
    }

    void register(MeterRegistry registry, String cache, FirstLevel l1) {
        gets(registry, cache, "l1", "hit", l1Hits);
        gets(registry, cache, "l1", "miss", l1Misses);
        gets(registry, cache, "l2", "hit", l2Hits);
        gets(registry, cache, "l2", "miss", l2Misses);
        counter(registry, "cache.loads", "Loader runs on this node", cache, loads);
        counter(registry, "cache.degraded.reads", "L1 answers given while Redis could not be reached", cache, degraded);
        Gauge.builder("cache.size", l1, FirstLevel::size).description("Entries in this node's L1")
                .tag("cache", cache).tag("level", "l1").register(registry);
        FunctionCounter.builder("cache.evictions", l1, (ToDoubleFunction<FirstLevel>) FirstLevel::evictions)
                .description("Entries L1 dropped for size or age").tag("cache", cache).tag("level", "l1").register(registry);
    }

    private static void gets(MeterRegistry registry, String cache, String level, String result, LongAdder adder) {
        FunctionCounter.builder("cache.gets", adder, LongAdder::sum).description("Lookups per level and result")
                .tag("cache", cache).tag("level", level).tag("result", result).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, String cache, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).tag("cache", cache).register(registry);
    }
}
