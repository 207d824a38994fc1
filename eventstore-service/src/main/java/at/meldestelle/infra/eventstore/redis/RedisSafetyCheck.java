package at.meldestelle.infra.eventstore.redis;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses to start on a Redis that would lose events: one that evicts keys under memory pressure
 * (a lost meta key would reuse versions), or, with {@code eventstore.durability=fsync-always}, one
 * that does not fsync its append-only file before answering.
 */
@ApplicationScoped
public class RedisSafetyCheck {

    private static final Logger LOG = Logger.getLogger(RedisSafetyCheck.class);
    private static final Pattern POLICY = Pattern.compile("maxmemory_policy:(\\S+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ReactiveRedisDataSource redis;
    private final EventStoreConfig.Durability durability;

    public RedisSafetyCheck(ReactiveRedisDataSource redis, EventStoreConfig config) {
        this.redis = redis;
        this.durability = config.durability();
    }

    void check(@Observes StartupEvent event) {
        // INFO rather than CONFIG GET for the policy: managed Redis services often rename CONFIG.
        String memory = redis.execute("INFO", "memory").await().atMost(TIMEOUT).toString();
        Matcher matcher = POLICY.matcher(memory);
        String policy = matcher.find() ? matcher.group(1) : "unknown";
        if (!policy.equals("noeviction")) {
            throw new IllegalStateException("Redis runs with maxmemory-policy " + policy
                    + ": it may evict event store keys and lose events or reuse versions. "
                    + "Set maxmemory-policy noeviction (redis-server --maxmemory-policy noeviction).");
        }
        if (durability == EventStoreConfig.Durability.NONE) {
            LOG.warn("eventstore.durability=none: a 201 means the events are in Redis's memory, not on disk.");
            return;
        }
        String appendonly = configValue("appendonly");
        String appendfsync = configValue("appendfsync");
        if (!"yes".equals(appendonly) || !"always".equals(appendfsync)) {
            throw new IllegalStateException("eventstore.durability=fsync-always needs Redis with appendonly yes and "
                    + "appendfsync always, but it runs with appendonly " + appendonly + ", appendfsync " + appendfsync
                    + " (redis-server --appendonly yes --appendfsync always). Or set eventstore.durability=none "
                    + "and accept that a crash can lose acknowledged events.");
        }
    }

    private String configValue(String name) {
        Response answer = redis.execute("CONFIG", "GET", name).await().atMost(TIMEOUT);
        // RESP3 answers a map, RESP2 an array [name, value].
        Response value = answer.getDelegate().isMap() ? answer.get(name) : answer.size() == 2 ? answer.get(1) : null;
        return value == null ? "unknown" : value.toString();
    }
}
