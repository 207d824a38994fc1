package at.meldestelle.infra.auth.keys;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.shared.redis.LuaScript;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The keyring in Redis: hash {@code auth:keys}, key id to {@code {"alg", "activatesAt", "key"}} with
 * the private JWK encrypted ({@link KeyEncryption}). Every instance reads the same keyring, so all
 * sign with the same key.
 */
@ApplicationScoped
public class KeyringStore {

    private static final Logger LOG = Logger.getLogger(KeyringStore.class);
    static final String KEYRING = "auth:keys";
    /** Where builds before the keyring kept their one key, in plain text. */
    static final String LEGACY_KEY = "auth:keys:active";
    private static final LuaScript ADD = LuaScript.fromResource("/lua/keyring-add.lua");

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveValueCommands<String, String> values;
    private final KeyEncryption encryption;
    private final ObjectMapper json;

    public KeyringStore(ReactiveRedisDataSource redis, AuthConfig config, ObjectMapper json) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.values = redis.value(String.class);
        this.encryption = KeyEncryption.fromBase64(config.keys().encryptionKey());
        this.json = json;
    }

    /** The readable keys; one that does not decode is left out (and logged), not allowed to stop signing. */
    public Uni<Keyring> load() {
        return hashes.hgetall(KEYRING).map(stored -> {
            List<SigningKey> keys = new ArrayList<>(stored.size());
            stored.forEach((keyId, value) -> {
                try {
                    keys.add(decode(keyId, value));
                } catch (IllegalStateException e) {
                    LOG.errorf("Signing key %s in %s is left out: %s", keyId, KEYRING, e.getMessage());
                }
            });
            return new Keyring(keys);
        });
    }

    /** Adds the keyring's first key; false when another instance already made one. */
    public Uni<Boolean> addFirst(SigningKey key) {
        return add(key, "first");
    }

    /** Adds a key that will sign from its activation on; false while another key is pending. */
    public Uni<Boolean> addNext(SigningKey key) {
        return add(key, "next");
    }

    public Uni<Void> remove(List<SigningKey> keys) {
        return keys.isEmpty() ? Uni.createFrom().voidItem()
                : hashes.hdel(KEYRING, keys.stream().map(SigningKey::keyId).toArray(String[]::new)).replaceWithVoid();
    }

    /**
     * Makes the plain-text key of an earlier build the first key of the keyring, encrypted, so that its
     * tokens keep working and it signs on until the first rotation; then deletes the plain text. When
     * the keyring has keys already, only the plain text goes.
     */
    public Uni<Void> importLegacyKey() {
        return values.get(LEGACY_KEY).flatMap(plain -> {
            if (plain == null) {
                return Uni.createFrom().voidItem();
            }
            PublicJsonWebKey jwk = parse("the legacy key " + LEGACY_KEY, plain);
            SigningKey key = new SigningKey(jwk.getKeyId(), KeyAlgorithm.valueOf(jwk.getAlgorithm()), Instant.now(), jwk);
            return addFirst(key).invoke(added -> LOG.infof(added ? "The plain-text signing key %s was moved into %s, encrypted"
                            : "The plain-text signing key %s was deleted; %s had keys already", key.keyId(), KEYRING))
                    .flatMap(ignored -> redis.key().del(LEGACY_KEY)).replaceWithVoid();
        });
    }

    private Uni<Boolean> add(SigningKey key, String mode) {
        return ADD.run(redis, List.of(KEYRING),
                        List.of(key.keyId(), encode(key), Long.toString(System.currentTimeMillis()), mode))
                .map(response -> response.toInteger() == 1);
    }

    private String encode(SigningKey key) {
        String privateJwk = key.jwk().toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
        try {
            return json.writeValueAsString(Map.of("alg", key.algorithm().name(),
                    "activatesAt", key.activatesAt().toEpochMilli(),
                    "key", encryption.encrypt(key.keyId(), privateJwk)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Signing key " + key.keyId() + " could not be written as JSON", e);
        }
    }

    private SigningKey decode(String keyId, String value) {
        try {
            JsonNode node = json.readTree(value);
            PublicJsonWebKey jwk = parse("signing key " + keyId, encryption.decrypt(keyId, node.path("key").asText()));
            return new SigningKey(keyId, KeyAlgorithm.valueOf(node.path("alg").asText()),
                    Instant.ofEpochMilli(node.path("activatesAt").asLong()), jwk);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("Signing key " + keyId + " in " + KEYRING + " is not readable", e);
        }
    }

    private static PublicJsonWebKey parse(String what, String jwkJson) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(jwkJson);
        } catch (JoseException e) {
            throw new IllegalStateException("The stored " + what + " is not a JWK", e);
        }
    }
}
