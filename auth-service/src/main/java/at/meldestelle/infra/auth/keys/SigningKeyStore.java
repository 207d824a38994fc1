package at.meldestelle.infra.auth.keys;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;

import java.util.UUID;

/**
 * Keeps the signing key in Redis so that every auth-service instance, and every restart, signs
 * with the same key. The first instance to start generates it; {@code SET NX} settles a race.
 */
@ApplicationScoped
public class SigningKeyStore {

    static final String ACTIVE_KEY = "auth:keys:active";

    private final ReactiveValueCommands<String, String> values;
    /** Cached once loaded; a failed load (Redis down) is not cached, the next call tries again. */
    private volatile SigningKey activeKey;

    public SigningKeyStore(ReactiveRedisDataSource redis) {
        this.values = redis.value(String.class);
    }

    public Uni<SigningKey> activeKey() {
        SigningKey key = activeKey;
        return key != null ? Uni.createFrom().item(key) : loadOrCreate().invoke(loaded -> activeKey = loaded);
    }

    private Uni<SigningKey> loadOrCreate() {
        return values.get(ACTIVE_KEY)
                .onItem().ifNull().switchTo(() -> generate()
                        .flatMap(json -> values.set(ACTIVE_KEY, json, new SetArgs().nx()))
                        .flatMap(ignored -> values.get(ACTIVE_KEY)))
                .map(SigningKeyStore::parse);
    }

    /** RSA key generation takes tens of milliseconds: kept off the event loop. */
    private static Uni<String> generate() {
        return Uni.createFrom().item(() -> {
            try {
                RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(2048);
                jwk.setKeyId(UUID.randomUUID().toString());
                jwk.setAlgorithm("RS256");
                jwk.setUse("sig");
                return jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
            } catch (JoseException e) {
                throw new IllegalStateException("RSA signing key could not be generated", e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static SigningKey parse(String json) {
        try {
            return new SigningKey((RsaJsonWebKey) JsonWebKey.Factory.newJwk(json));
        } catch (JoseException | ClassCastException e) {
            throw new IllegalStateException("The signing key stored under " + ACTIVE_KEY + " is not an RSA JWK", e);
        }
    }
}
