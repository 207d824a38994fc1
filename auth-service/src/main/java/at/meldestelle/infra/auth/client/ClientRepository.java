package at.meldestelle.infra.auth.client;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Clients live in Redis as hashes under {@code auth:client:<client id>}. */
@ApplicationScoped
public class ClientRepository {

    private final ReactiveHashCommands<String, String, String> hashes;

    public ClientRepository(ReactiveRedisDataSource redis) {
        this.hashes = redis.hash(String.class);
    }

    public Uni<OAuthClient> find(String clientId) {
        return hashes.hgetall(key(clientId))
                .map(fields -> fields.isEmpty() ? null : new OAuthClient(clientId,
                        fields.get("secretHash"),
                        Boolean.parseBoolean(fields.get("enabled")),
                        split(fields.get("roles")),
                        split(fields.get("permissions"))));
    }

    public Uni<Void> save(OAuthClient client) {
        return hashes.hset(key(client.clientId()), Map.of(
                        "secretHash", client.secretHash(),
                        "enabled", Boolean.toString(client.enabled()),
                        "roles", String.join(",", client.roles()),
                        "permissions", String.join(",", client.permissions())))
                .replaceWithVoid();
    }

    public Uni<Void> replaceSecretHash(String clientId, String secretHash) {
        return hashes.hset(key(clientId), "secretHash", secretHash).replaceWithVoid();
    }

    private static String key(String clientId) {
        return "auth:client:" + clientId;
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
