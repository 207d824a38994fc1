package at.meldestelle.infra.auth.role;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.auth.store.StoredFields;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Which permissions each role grants, in the Redis hash {@code auth:role-permissions} (role to
 * comma-separated permissions). Users and clients hold roles; their tokens carry the roles and the
 * union of the roles' permissions at the time of issue. {@link DefaultRoles} are written at start
 * where a role is missing; an admin's change is kept.
 * <p>
 * Token issue reads a copy in memory, refreshed every {@code auth.role-permissions-refresh-interval}
 * and at once after a change through this instance: a Redis round trip per token cost a sixth of the
 * client_credentials throughput (bench/RESULTS.md), and a mapping changes rarely. The admin API reads
 * and checks against Redis itself.
 */
@ApplicationScoped
public class RolePermissions {

    private static final Logger LOG = Logger.getLogger(RolePermissions.class);
    private static final String KEY = "auth:role-permissions";

    private final ReactiveHashCommands<String, String, String> hashes;
    private final Vertx vertx;
    private final Duration refreshInterval;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    /** Reads are numbered as they start; a read replaces the mapping only if no later-started read already has. */
    private final AtomicLong reads = new AtomicLong();
    private long applied;
    private volatile Map<String, List<String>> mapping = Map.of();
    private long timer = -1;

    public RolePermissions(ReactiveRedisDataSource redis, Vertx vertx, AuthConfig config) {
        this.hashes = redis.hash(String.class);
        this.vertx = vertx;
        this.refreshInterval = config.rolePermissionsRefreshInterval();
    }

    void onStart(@Observes StartupEvent event) {
        Uni.join().all(DefaultRoles.PERMISSIONS.entrySet().stream()
                        .map(role -> hashes.hsetnx(KEY, role.getKey(), StoredFields.join(role.getValue())))
                        .toList())
                .andFailFast()
                .flatMap(ignored -> reload())
                .await().atMost(Duration.ofSeconds(30));
        timer = vertx.setPeriodic(refreshInterval.toMillis(), id -> refreshUnlessRunning());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** Every role with its permissions, sorted, as Redis has them now. */
    public Uni<Map<String, List<String>>> all() {
        return hashes.hgetall(KEY).map(RolePermissions::parse);
    }

    /** The sorted union of the roles' permissions by the copy in memory; a role without an entry grants none. */
    public List<String> of(Collection<String> roles) {
        Map<String, List<String>> current = mapping;
        return roles.stream()
                .flatMap(role -> current.getOrDefault(role, List.of()).stream())
                .collect(Collectors.toCollection(TreeSet::new))
                .stream().toList();
    }

    /** The roles among {@code roles} that have no entry in Redis now. */
    public Uni<List<String>> unknown(Collection<String> roles) {
        if (roles.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return hashes.hmget(KEY, roles.toArray(String[]::new))
                .map(found -> roles.stream().filter(role -> found.get(role) == null).toList());
    }

    /** Creates or replaces a role's permissions; this instance's next token has them. */
    public Uni<Void> put(String role, Collection<String> permissions) {
        return hashes.hset(KEY, role, StoredFields.join(new TreeSet<>(permissions)))
                .flatMap(ignored -> reload());
    }

    private Uni<Void> reload() {
        return Uni.createFrom().deferred(() -> {
            long read = reads.incrementAndGet();
            return all().invoke(loaded -> apply(read, loaded)).replaceWithVoid();
        });
    }

    private synchronized void apply(long read, Map<String, List<String>> loaded) {
        if (read > applied) {
            applied = read;
            mapping = loaded;
        }
    }

    /** One periodic refresh at a time, so that a slow Redis does not pile them up. */
    private void refreshUnlessRunning() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        reload().onTermination().invoke(() -> refreshing.set(false)).subscribe().with(ignored -> { },
                failure -> LOG.warnf("The role-to-permission mapping could not be refreshed (%s); tokens keep the mapping of the last refresh",
                        failure.toString()));
    }

    private static Map<String, List<String>> parse(Map<String, String> fields) {
        return fields.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, entry -> StoredFields.split(entry.getValue()), (a, b) -> a, TreeMap::new));
    }
}
