package at.meldestelle.infra.auth.bruteforce;

import at.meldestelle.infra.auth.Admin;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Growing delays after failed logins, per user name and per address (3 and 6 free failures here, then
 * 1 s doubling to at most 2 s), against a real Redis. Addresses come from the last X-Forwarded-For entry,
 * as the gateway (a trusted proxy: the tests connect from 127.0.0.1) appends it.
 */
@QuarkusTest
@TestProfile(BruteForceTest.SmallLimits.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class BruteForceTest {

    private static final String PASSWORD = "the-right-password";

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.brute-force.free-failures-per-user", "3",
                    "auth.brute-force.free-failures-per-address", "6",
                    "auth.brute-force.first-delay", "PT1S",
                    "auth.brute-force.max-delay", "PT2S",
                    "auth.brute-force.forget-after", "PT30S");
        }
    }

    private static String address() {
        return "10.9." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    private static ExtractableResponse<Response> login(String username, String password, String address) {
        return given().auth().preemptive().basic(Admin.CLIENT, Admin.SECRET)
                .header("X-Forwarded-For", "203.0.113.7, " + address)
                .formParam("grant_type", "password").formParam("username", username).formParam("password", password)
                .post("/oauth2/token").then().extract();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aRealUserAndAnUnknownNameAreThrottledAlike() throws Exception {
        String user = unique("victim");
        Admin.createUser(user, PASSWORD, "MEMBER");
        String nobody = unique("nobody");
        for (int attempt = 1; attempt <= 4; attempt++) {
            ExtractableResponse<Response> real = login(user, "wrong-" + attempt, address());
            ExtractableResponse<Response> unknown = login(nobody, "wrong-" + attempt, address());
            assertEquals(400, real.statusCode());
            assertEquals(real.statusCode(), unknown.statusCode());
            assertEquals(real.body().asString(), unknown.body().asString());
        }
        // Four failures, one beyond the free three: both names wait 1 s, even with the right password.
        ExtractableResponse<Response> real = login(user, PASSWORD, address());
        ExtractableResponse<Response> unknown = login(nobody, PASSWORD, address());
        assertEquals(429, real.statusCode());
        assertEquals("invalid_grant", real.path("error"));
        assertEquals("1", real.header("Retry-After"));
        assertEquals(real.statusCode(), unknown.statusCode());
        assertEquals(real.body().asString(), unknown.body().asString());
        assertEquals(real.header("Retry-After"), unknown.header("Retry-After"));

        Thread.sleep(1_100);
        // The delay is over: the right password works and the name's count starts again.
        assertEquals(200, login(user, PASSWORD, address()).statusCode());
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertEquals(400, login(user, "wrong-again", address()).statusCode());
        }
        assertEquals(200, login(user, PASSWORD, address()).statusCode());
    }

    @Test
    void theDelayDoublesUpToItsMaximumAndEnds() throws Exception {
        String user = unique("target");
        Admin.createUser(user, PASSWORD, "MEMBER");
        for (int attempt = 1; attempt <= 4; attempt++) {
            login(user, "wrong", address());
        }
        assertEquals("1", login(user, PASSWORD, address()).header("Retry-After"));
        Thread.sleep(1_100);
        login(user, "wrong", address());
        assertEquals("2", login(user, PASSWORD, address()).header("Retry-After"));
        Thread.sleep(2_100);
        login(user, "wrong", address());
        // Capped at 2 s, not 4: an attacker cannot lock the user out for long.
        ExtractableResponse<Response> capped = login(user, PASSWORD, address());
        assertEquals(429, capped.statusCode());
        assertEquals("2", capped.header("Retry-After"));
        Thread.sleep(2_100);
        assertEquals(200, login(user, PASSWORD, address()).statusCode());
    }

    @Test
    void oneAddressTryingManyNamesIsThrottledToo() throws Exception {
        String from = address();
        for (int attempt = 1; attempt <= 7; attempt++) {
            assertEquals(400, login(unique("guess"), "wrong", from).statusCode());
        }
        String user = unique("innocent");
        Admin.createUser(user, PASSWORD, "MEMBER");
        ExtractableResponse<Response> blocked = login(user, PASSWORD, from);
        assertEquals(429, blocked.statusCode());
        assertTrue(blocked.body().asString().contains("user name or address"));
        // Another address is not concerned, and the forged first X-Forwarded-For entry counted for nothing.
        assertEquals(200, login(user, PASSWORD, address()).statusCode());
        Thread.sleep(1_100);
        assertEquals(200, login(user, PASSWORD, from).statusCode());
    }

    @Test
    void throttledLoginsAreAudited() {
        String user = unique("noisy");
        for (int attempt = 1; attempt <= 5; attempt++) {
            login(user, "wrong", address());
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("auth_logins_total{outcome=\"throttled\""))
                .body(containsString("auth_logins_total{outcome=\"invalid-credentials\""));
    }
}
