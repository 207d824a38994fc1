package at.meldestelle.infra.auth.client;

import at.meldestelle.infra.auth.store.StoredFields;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Clients live in Redis as hashes under {@code auth:client:<client id>}; the set {@code auth:clients}
 * lists their ids.
 */
@ApplicationScoped
public class ClientRepository {

    /** What a client registered by a build without per-client grant types could do: every grant there was then. */
    private static final Set<String> GRANTS_BEFORE_THEY_WERE_PER_CLIENT = Set.of("client_credentials", "password", "refresh_token");
    private static final String INDEX = "auth:clients";

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveSetCommands<String, String> sets;
    private final ReactiveKeyCommands<String> keys;

    public ClientRepository(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.sets = redis.set(String.class);
        this.keys = redis.key(String.class);
    }

    public Uni<OAuthClient> find(String clientId) {
        return hashes.hgetall(key(clientId)).map(fields -> fields.isEmpty() ? null : client(clientId, fields));
    }

    /** Every client, by id. */
    public Uni<List<OAuthClient>> all() {
        return sets.smembers(INDEX).flatMap(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<OAuthClient>of())
                : Uni.join().all(ids.stream().map(this::find).toList()).andFailFast()
                        .map(found -> found.stream().filter(client -> client != null)
                                .sorted(Comparator.comparing(OAuthClient::clientId)).toList()));
    }

    /** Whether any client is listed. */
    public Uni<Boolean> anyListed() {
        return sets.scard(INDEX).map(count -> count > 0);
    }

    /** Registers a new client; false when the id is taken. */
    public Uni<Boolean> create(OAuthClient client) {
        return hashes.hsetnx(key(client.clientId()), "secretHash", client.secretHash())
                .flatMap(created -> created ? save(client).replaceWith(true) : Uni.createFrom().item(false));
    }

    /** Writes the client whole (and lists it): a new one. */
    public Uni<Void> save(OAuthClient client) {
        return hashes.hset(key(client.clientId()), fields(client))
                .flatMap(ignored -> sets.sadd(INDEX, client.clientId()))
                .replaceWithVoid();
    }

    /**
     * Sets the settings given (null: left as they are, so that another admin's concurrent change of
     * them stays) of an existing client; its secret stays. False when it was deleted meanwhile.
     */
    public Uni<Boolean> update(String clientId, List<String> roles, Set<String> grantTypes, Boolean enabled, Boolean introspection) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "roles", StoredFields.join(roles),
                "grantTypes", StoredFields.join(grantTypes)));
        if (enabled != null) {
            settings.put("enabled", enabled.toString());
        }
        if (introspection != null) {
            settings.put("introspection", introspection.toString());
        }
        return StoredFields.update(redis, key(clientId), settings);
    }

    private static Map<String, String> fields(OAuthClient client) {
        Map<String, String> fields = new HashMap<>(Map.of(
                "secretHash", client.secretHash(),
                "enabled", Boolean.toString(client.enabled()),
                "roles", StoredFields.join(client.roles()),
                "grantTypes", StoredFields.join(client.grantTypes()),
                "introspection", Boolean.toString(client.introspection())));
        if (client.secretChangedAt() != null) {
            fields.put("secretChangedAt", client.secretChangedAt().toString());
        }
        return fields;
    }

    /** Lists a client written by a build that kept no list. */
    public Uni<Void> index(String clientId) {
        return sets.sadd(INDEX, clientId).replaceWithVoid();
    }

    /** False when the client was deleted meanwhile. */
    public Uni<Boolean> replaceSecretHash(String clientId, String secretHash) {
        return StoredFields.update(redis, key(clientId), Map.of("secretHash", secretHash, "secretChangedAt", Instant.now().toString()));
    }

    public Uni<Void> delete(String clientId) {
        return keys.del(key(clientId)).flatMap(deleted -> sets.srem(INDEX, clientId)).replaceWithVoid();
    }

    private static String key(String clientId) {
        return "auth:client:" + clientId;
    }

    private static OAuthClient client(String clientId, Map<String, String> fields) {
        String grantTypes = fields.get("grantTypes");
        String introspection = fields.get("introspection");
        return new OAuthClient(clientId,
                fields.get("secretHash"),
                Boolean.parseBoolean(fields.get("enabled")),
                StoredFields.split(fields.get("roles")),
                grantTypes == null ? GRANTS_BEFORE_THEY_WERE_PER_CLIENT : new LinkedHashSet<>(StoredFields.split(grantTypes)),
                introspection == null || Boolean.parseBoolean(introspection),
                fields.get("secretChangedAt") == null ? null : Instant.parse(fields.get("secretChangedAt")));
    }
}
