package at.meldestelle.infra.auth.client;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bootstrap client is created once; a restart neither re-enables nor resets it. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class BootstrapClientTest {

    private static final String KEY = "auth:client:test-admin";

    private final BootstrapClient bootstrap;
    private final RedisDataSource redis;

    BootstrapClientTest(BootstrapClient bootstrap, RedisDataSource redis) {
        this.bootstrap = bootstrap;
        this.redis = redis;
    }

    private static int tokenStatus() {
        return given().auth().preemptive().basic("test-admin", "test-secret").formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().extract().statusCode();
    }

    @Test
    void aRetiredBootstrapClientStaysRetiredAcrossStarts() {
        assertEquals(200, tokenStatus());
        redis.hash(String.class).hset(KEY, "enabled", "false");
        try {
            bootstrap.onStart(null);
            assertEquals("false", redis.hash(String.class).hget(KEY, "enabled"));
            assertEquals(401, tokenStatus());
        } finally {
            redis.hash(String.class).hset(KEY, "enabled", "true");
        }
        assertEquals(200, tokenStatus());
    }

    @Test
    void aSecretHashOfAnEarlierBuildIsReplacedAndNothingElseOfTheClientChanges() {
        redis.hash(String.class).hset(KEY, java.util.Map.of(
                "secretHash", "$2a$10$abcdefghijklmnopqrstuuJ0kP6m5uQJ0kP6m5uQJ0kP6m5uQJ0k",
                "enabled", "false", "roles", "MEMBER"));
        try {
            bootstrap.onStart(null);
            java.util.Map<String, String> stored = redis.hash(String.class).hgetall(KEY);
            assertTrue(stored.get("secretHash").startsWith("hmac-sha256$v1$"), stored.get("secretHash"));
            assertTrue(!stored.get("secretHash").contains("test-secret"));
            assertEquals("false", stored.get("enabled"), "a retired client stays retired");
            assertEquals("MEMBER", stored.get("roles"), "an admin's change of roles stays");
            assertEquals(401, tokenStatus());
        } finally {
            redis.hash(String.class).hset(KEY, java.util.Map.of("enabled", "true", "roles", "ADMIN"));
        }
        assertEquals(200, tokenStatus(), "with the configured secret, hashed anew");
    }
}
