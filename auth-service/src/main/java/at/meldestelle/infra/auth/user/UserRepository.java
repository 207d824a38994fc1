package at.meldestelle.infra.auth.user;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Users live in Redis as hashes under {@code auth:user:<id>}; {@code auth:username:<lower-case name>}
 * finds the id, so that names are unique without regard to case and a user keeps its id (the
 * {@code sub} of its tokens) when renamed.
 */
@ApplicationScoped
public class UserRepository {

    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;

    public UserRepository(ReactiveRedisDataSource redis) {
        this.hashes = redis.hash(String.class);
        this.values = redis.value(String.class);
        this.keys = redis.key(String.class);
    }

    public Uni<User> findByUsername(String username) {
        return values.get(usernameKey(username)).flatMap(id -> id == null ? Uni.createFrom().nullItem() : findById(id));
    }

    public Uni<User> findById(String id) {
        return hashes.hgetall(userKey(id)).map(fields -> fields.isEmpty() ? null : new User(id,
                fields.get("username"), fields.get("passwordHash"), Boolean.parseBoolean(fields.get("enabled")),
                split(fields.get("roles")), split(fields.get("permissions"))));
    }

    /**
     * Creates the user unless its name is taken (answers false then). The user is written before its
     * name is claimed: a crash in between leaves an unnamed record, never a name without a user.
     */
    public Uni<Boolean> create(User user) {
        return hashes.hset(userKey(user.id()), Map.of(
                        "username", user.username(),
                        "passwordHash", user.passwordHash(),
                        "enabled", Boolean.toString(user.enabled()),
                        "roles", String.join(",", user.roles()),
                        "permissions", String.join(",", user.permissions())))
                .flatMap(ignored -> values.setnx(usernameKey(user.username()), user.id()))
                .flatMap(claimed -> claimed ? Uni.createFrom().item(true)
                        : keys.del(userKey(user.id())).replaceWith(false));
    }

    private static String userKey(String id) {
        return "auth:user:" + id;
    }

    private static String usernameKey(String username) {
        return "auth:username:" + username.toLowerCase(Locale.ROOT);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
