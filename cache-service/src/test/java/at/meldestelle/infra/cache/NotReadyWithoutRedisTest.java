package at.meldestelle.infra.cache;

import at.meldestelle.infra.shared.testing.FreePorts;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static at.meldestelle.infra.shared.testing.AdminRequests.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Readiness is not a formality: with Redis unreachable the service reports itself not ready. */
@QuarkusTest
@TestProfile(NotReadyWithoutRedisTest.RedisNowhere.class)
@WithTestResource(KafkaTestResource.class)
class NotReadyWithoutRedisTest {

    public static class RedisNowhere implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + FreePorts.next());
        }
    }

    @Test
    void notReadyButAlive() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("Redis connection health check"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
