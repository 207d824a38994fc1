package at.meldestelle.infra.auth.keys;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Key rotation, pick-up by every instance, encryption at rest, against a real Redis (publish-ahead 1 s in tests). */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class KeyRotationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SigningKeys keys;
    private final KeyringStore store;
    private final RedisDataSource redis;
    private final ObjectMapper json;

    KeyRotationTest(SigningKeys keys, KeyringStore store, RedisDataSource redis, ObjectMapper json) {
        this.keys = keys;
        this.store = store;
        this.redis = redis;
        this.json = json;
    }

    private static String token() {
        return given().auth().preemptive().basic("test-admin", "test-secret").formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().statusCode(200).extract().path("access_token");
    }

    private static JsonWebSignature header(String token) throws Exception {
        return (JsonWebSignature) JsonWebSignature.fromCompactSerialization(token);
    }

    private static List<String> publishedKeyIds() throws Exception {
        return new JsonWebKeySet(given().get("/oauth2/jwks").then().statusCode(200).extract().asString())
                .getJsonWebKeys().stream().map(JsonWebKey::getKeyId).toList();
    }

    private static JwtClaims verifyAgainstServedJwks(String token) throws Exception {
        String jwks = given().get("/oauth2/jwks").then().statusCode(200).extract().asString();
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedAudience("meldestelle-api").setRequireExpirationTime().build()
                .processToClaims(token);
    }

    /** A rotation leaves a key pending for a second; tests start once none is. */
    private void awaitNoPendingKey() throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (store.load().await().atMost(WAIT).pending(Instant.now()).isPresent()) {
            if (Instant.now().isAfter(deadline)) {
                fail("a rotated key stayed pending");
            }
            Thread.sleep(100);
        }
    }

    private static String awaitTokenSignedBy(String keyId) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            // A test that emptied the keyring in Redis may have had it loaded empty: until the next
            // refresh there is no key to sign with, and the token endpoint fails.
            var response = given().auth().preemptive().basic("test-admin", "test-secret").formParam("grant_type", "client_credentials")
                    .post("/oauth2/token");
            String token = response.statusCode() == 200 ? response.path("access_token") : null;
            if (token != null && keyId.equals(header(token).getKeyIdHeaderValue())) {
                return token;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("no token was signed by " + keyId);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aRotatedKeyIsPublishedFirstThenSignsWhileTokensOfTheRetiredKeyStayValid() throws Exception {
        awaitNoPendingKey();
        String before = token();
        String oldKeyId = header(before).getKeyIdHeaderValue();
        assertEquals("at+jwt", header(before).getHeader("typ"));

        SigningKey rotated = keys.rotate().await().atMost(WAIT);
        assertNotEquals(oldKeyId, rotated.keyId());
        assertTrue(publishedKeyIds().containsAll(List.of(oldKeyId, rotated.keyId())), "the new key is published before it signs");
        assertEquals(rotated.keyId(), keys.rotate().await().atMost(WAIT).keyId(), "a second rotation answers the pending key");

        String after = awaitTokenSignedBy(rotated.keyId());
        assertEquals("test-admin", verifyAgainstServedJwks(after).getSubject());
        assertEquals("test-admin", verifyAgainstServedJwks(before).getSubject(), "the retired key is still in the JWKS");
        assertTrue(publishedKeyIds().contains(oldKeyId));
    }

    @Test
    void aKeyRotatedInByAnotherInstanceIsPickedUpWithinSeconds() throws Exception {
        awaitNoPendingKey();
        String keyId = UUID.randomUUID().toString();
        SigningKey other = new SigningKey(keyId, KeyAlgorithm.ES256, Instant.now().plusSeconds(1), KeyAlgorithm.ES256.generate(keyId));
        assertTrue(store.addNext(other).await().atMost(WAIT), "written to Redis as another instance would");

        Instant deadline = Instant.now().plus(WAIT);
        while (!publishedKeyIds().contains(keyId)) {
            if (Instant.now().isAfter(deadline)) {
                fail("the JWKS did not pick the new key up");
            }
            Thread.sleep(50);
        }
        String token = awaitTokenSignedBy(keyId);
        assertEquals("ES256", header(token).getAlgorithmHeaderValue());
        assertEquals("test-admin", verifyAgainstServedJwks(token).getSubject());
    }

    @Test
    void privateKeysAreEncryptedInRedis() throws Exception {
        Map<String, String> stored = redis.hash(String.class).hgetall(KeyringStore.KEYRING);
        assertFalse(stored.isEmpty());
        for (Map.Entry<String, String> entry : stored.entrySet()) {
            JsonNode value = json.readTree(entry.getValue());
            assertTrue(value.path("key").asText().startsWith("v1."), entry.getKey());
            for (String privateMember : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"")) {
                assertFalse(entry.getValue().contains(privateMember), entry.getKey() + " shows " + privateMember);
            }
        }
        assertNull(redis.value(String.class).get(KeyringStore.LEGACY_KEY));
    }

    @Test
    void aPlainTextKeyOfAnEarlierBuildBecomesTheFirstKeyEncryptedAndItsTokensKeepVerifying() throws Exception {
        awaitNoPendingKey();
        PublicJsonWebKey legacy = KeyAlgorithm.RS256.generate("legacy-" + UUID.randomUUID());
        String legacyToken = signedBy(legacy);
        // As Redis looks after an upgrade from the build that kept one plain-text key.
        redis.key(String.class).del(KeyringStore.KEYRING);
        redis.value(String.class).set(KeyringStore.LEGACY_KEY, legacy.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));

        store.importLegacyKey().await().atMost(WAIT);

        assertNull(redis.value(String.class).get(KeyringStore.LEGACY_KEY), "the plain text is gone");
        assertFalse(redis.hash(String.class).hget(KeyringStore.KEYRING, legacy.getKeyId()).contains("\"d\""));
        awaitTokenSignedBy(legacy.getKeyId());
        assertEquals("test-admin", verifyAgainstServedJwks(legacyToken).getSubject(), "a token of the old build still verifies");

        redis.value(String.class).set(KeyringStore.LEGACY_KEY, legacy.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        store.importLegacyKey().await().atMost(WAIT);
        assertNull(redis.value(String.class).get(KeyringStore.LEGACY_KEY), "into a keyring with keys, only the plain text goes");
        assertEquals(1, redis.hash(String.class).hlen(KeyringStore.KEYRING));
    }

    /** A token as the earlier build signed it: RS256 with the claims of DESIGN section 5. */
    private static String signedBy(PublicJsonWebKey key) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("http://localhost:8081");
        claims.setSubject("test-admin");
        claims.setAudience("meldestelle-api");
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setIssuedAtToNow();
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue("RS256");
        return jws.getCompactSerialization();
    }
}
