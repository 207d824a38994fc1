package at.meldestelle.infra.auth.role;

import at.meldestelle.infra.auth.store.StoredFields;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which permissions each role grants, in the Redis hash {@code auth:role-permissions} (role to
 * comma-separated permissions). Users and clients hold roles; their tokens carry the roles and the
 * union of the roles' permissions, read at every issue, so that a change applies to the next token.
 * {@link DefaultRoles} are written at start where a role is missing; an admin's change is kept.
 */
@ApplicationScoped
public class RolePermissions {

    private static final String KEY = "auth:role-permissions";

    private final ReactiveHashCommands<String, String, String> hashes;

    public RolePermissions(ReactiveRedisDataSource redis) {
        this.hashes = redis.hash(String.class);
    }

    void onStart(@Observes StartupEvent event) {
        Uni.join().all(DefaultRoles.PERMISSIONS.entrySet().stream()
                        .map(role -> hashes.hsetnx(KEY, role.getKey(), StoredFields.join(role.getValue())))
                        .toList())
                .andFailFast()
                .await().atMost(Duration.ofSeconds(30));
    }

    /** Every role with its permissions, sorted. */
    public Uni<Map<String, List<String>>> all() {
        return hashes.hgetall(KEY).map(fields -> fields.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, entry -> StoredFields.split(entry.getValue()), (a, b) -> a, TreeMap::new)));
    }

    /** The sorted union of the roles' permissions; a role without an entry grants none. */
    public Uni<List<String>> of(Collection<String> roles) {
        if (roles.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return hashes.hmget(KEY, roles.toArray(String[]::new)).map(found -> found.values().stream()
                .flatMap(joined -> StoredFields.split(joined).stream())
                .collect(Collectors.toCollection(TreeSet::new))
                .stream().toList());
    }

    /** The roles among {@code roles} that have no entry. */
    public Uni<List<String>> unknown(Collection<String> roles) {
        if (roles.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return hashes.hmget(KEY, roles.toArray(String[]::new))
                .map(found -> roles.stream().filter(role -> found.get(role) == null).toList());
    }

    /** Creates or replaces a role's permissions. */
    public Uni<Void> put(String role, Collection<String> permissions) {
        return hashes.hset(KEY, role, StoredFields.join(new TreeSet<>(permissions))).replaceWithVoid();
    }
}
