package at.meldestelle.infra.shared.cache;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

@ConfigMapping(prefix = "meldestelle.cache")
public interface CacheConfig {

    /** First part of every Redis key and of the invalidation channel: {@code <prefix>:<cache>:...}. */
    @WithDefault("cache")
    String keyPrefix();

    /** Whether a write to an unknown cache creates it (with {@link #defaults()}), or fails as unknown. */
    @WithDefault("true")
    boolean createOnWrite();

    /** How long a Redis call may take before the cache gives up on it (and a read falls back to L1). */
    @WithDefault("PT0.5S")
    Duration redisTimeout();

    /** How long a loader may run, and how long the other nodes wait for its result. */
    @WithDefault("PT10S")
    Duration loadTimeout();

    /** Most caches a node holds: each write to a new name creates one (with its meters) for good. */
    @WithDefault("100")
    int maxCaches();

    /** Most keys in one getAll, putAll or warm-up. */
    @WithDefault("1000")
    int maxBatch();

    /** Keys per SCAN step of an invalidation: small steps keep Redis answering everyone else. */
    @WithDefault("500")
    int scanCount();

    Defaults defaults();

    /** Named caches and what they change from {@link #defaults()}. */
    Map<String, Overrides> caches();

    interface Defaults {
        @WithDefault("PT10M")
        Duration ttl();

        @WithDefault("0.1")
        double ttlJitter();

        @WithDefault("P30D")
        Duration maxTtl();

        /** Memory, not entries, bounds L1: a count of 1 MiB values would not bound the heap. */
        @WithDefault("16M")
        MemorySize l1MaxBytes();

        @WithDefault("PT1M")
        Duration l1Ttl();

        @WithDefault("PT0S")
        Duration negativeTtl();

        @WithDefault("1048576")
        int maxValueBytes();

        default CacheSettings settings() {
            return new CacheSettings(ttl(), ttlJitter(), maxTtl(), l1MaxBytes().asLongValue(), l1Ttl(), negativeTtl(), maxValueBytes());
        }
    }

    interface Overrides {
        Optional<Duration> ttl();

        Optional<Double> ttlJitter();

        Optional<Duration> maxTtl();

        Optional<MemorySize> l1MaxBytes();

        Optional<Duration> l1Ttl();

        Optional<Duration> negativeTtl();

        OptionalInt maxValueBytes();

        default CacheSettings over(Defaults defaults) {
            return new CacheSettings(ttl().orElse(defaults.ttl()), ttlJitter().orElse(defaults.ttlJitter()),
                    maxTtl().orElse(defaults.maxTtl()), l1MaxBytes().orElse(defaults.l1MaxBytes()).asLongValue(),
                    l1Ttl().orElse(defaults.l1Ttl()), negativeTtl().orElse(defaults.negativeTtl()),
                    maxValueBytes().orElse(defaults.maxValueBytes()));
        }
    }
}
