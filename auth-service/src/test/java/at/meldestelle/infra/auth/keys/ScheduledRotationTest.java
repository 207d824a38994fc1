package at.meldestelle.infra.auth.keys;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Rotation by schedule (every 2 s here), with ES256 keys. */
@QuarkusTest
@TestProfile(ScheduledRotationTest.EveryTwoSeconds.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class ScheduledRotationTest {

    public static class EveryTwoSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.keys.rotate-every", "PT2S", "auth.keys.algorithm", "ES256");
        }
    }

    @Test
    void keysRotateBySchedule() throws Exception {
        Set<String> keyIds = new HashSet<>();
        Instant deadline = Instant.now().plusSeconds(20);
        while (keyIds.size() < 3) {
            String token = given().auth().preemptive().basic("test-admin", "test-secret").formParam("grant_type", "client_credentials")
                    .post("/oauth2/token").then().statusCode(200).extract().path("access_token");
            JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(token);
            assertEquals("ES256", jws.getAlgorithmHeaderValue());
            keyIds.add(jws.getKeyIdHeaderValue());
            if (Instant.now().isAfter(deadline)) {
                fail("three keys were expected to have signed within 20 s, saw " + keyIds);
            }
            Thread.sleep(Duration.ofMillis(200).toMillis());
        }
    }
}
