package at.meldestelle.infra.auth.user;

import at.meldestelle.infra.auth.store.StoredFields;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Users live in Redis as hashes under {@code auth:user:<id>}; {@code auth:username:<folded name>}
 * finds the id, so that names are unique without regard to case or Unicode form and a user keeps
 * its id (the {@code sub} of its tokens) when renamed. {@code auth:admin-users} lists the ids of
 * users with role ADMIN, so that the last admin cannot be taken away.
 */
@ApplicationScoped
public class UserRepository {

    private static final String ADMINS = "auth:admin-users";

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final ReactiveSetCommands<String, String> sets;

    public UserRepository(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.values = redis.value(String.class);
        this.keys = redis.key(String.class);
        this.sets = redis.set(String.class);
    }

    /**
     * The name as logins and uniqueness compare it: NFKC (so that a full-width or composed spelling
     * is the same name) and lower case.
     */
    public static String fold(String username) {
        return Normalizer.normalize(username, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    public Uni<User> findByUsername(String username) {
        return values.get(usernameKey(username)).flatMap(id -> id == null ? Uni.createFrom().nullItem() : findById(id));
    }

    public Uni<User> findById(String id) {
        return hashes.hgetall(userKey(id)).map(fields -> fields.isEmpty() ? null : new User(id,
                fields.get("username"), fields.get("passwordHash"), Boolean.parseBoolean(fields.get("enabled")),
                StoredFields.split(fields.get("roles"))));
    }

    /** The users with role ADMIN whose name finds them (not the remains of a create that lost its name). */
    public Uni<List<User>> admins() {
        return sets.smembers(ADMINS).flatMap(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<User>of())
                : Uni.join().all(ids.stream().map(this::findById).toList()).andFailFast()
                        .map(found -> found.stream().filter(Objects::nonNull).filter(User::isAdmin).toList()))
                .flatMap(admins -> admins.isEmpty() ? Uni.createFrom().item(admins)
                        : Uni.join().all(admins.stream().map(admin -> values.get(usernameKey(admin.username()))
                                .map(id -> admin.id().equals(id) ? admin : null)).toList()).andFailFast()
                        .map(named -> named.stream().filter(Objects::nonNull).toList()));
    }

    /**
     * Creates the user unless its name is taken (answers false then). The user is written before its
     * name is claimed: a crash in between leaves an unnamed record, never a name without a user (the
     * lockout guard counts only admins whose name finds them).
     */
    public Uni<Boolean> create(User user) {
        return save(user)
                .flatMap(ignored -> values.setnx(usernameKey(user.username()), user.id()))
                .flatMap(claimed -> claimed ? Uni.createFrom().item(true)
                        : keys.del(userKey(user.id())).flatMap(ignored -> sets.srem(ADMINS, user.id())).replaceWith(false));
    }

    /** Writes the user whole (a new one); its name stays claimed as it was. */
    public Uni<Void> save(User user) {
        return hashes.hset(userKey(user.id()), Map.of(
                        "username", user.username(),
                        "passwordHash", user.passwordHash(),
                        "enabled", Boolean.toString(user.enabled()),
                        "roles", StoredFields.join(user.roles())))
                .flatMap(ignored -> listAsAdmin(user))
                .replaceWithVoid();
    }

    /** The changes of an existing user set one field each, so that two admins' changes do not undo each other. */
    public Uni<Boolean> setEnabled(String id, boolean enabled) {
        return StoredFields.update(redis, userKey(id), Map.of("enabled", Boolean.toString(enabled)));
    }

    public Uni<Boolean> setPasswordHash(String id, String passwordHash) {
        return StoredFields.update(redis, userKey(id), Map.of("passwordHash", passwordHash));
    }

    public Uni<Boolean> setRoles(User user, List<String> roles) {
        return StoredFields.update(redis, userKey(user.id()), Map.of("roles", StoredFields.join(roles)))
                .call(existed -> existed ? listAsAdmin(user.withRoles(roles)) : Uni.createFrom().voidItem());
    }

    /** Lists (or unlists) the user as an admin, as its roles say: for users of a build without the list. */
    public Uni<Void> index(User user) {
        return listAsAdmin(user).replaceWithVoid();
    }

    private Uni<?> listAsAdmin(User user) {
        return user.isAdmin() ? sets.sadd(ADMINS, user.id()) : sets.srem(ADMINS, user.id());
    }

    private static String userKey(String id) {
        return "auth:user:" + id;
    }

    private static String usernameKey(String username) {
        return "auth:username:" + fold(username);
    }
}
