package at.meldestelle.infra.auth.bruteforce;

import at.meldestelle.infra.auth.Admin;
import at.meldestelle.infra.shared.messaging.Topics;
import at.meldestelle.infra.shared.testing.InjectKafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Growing delays after failed logins, per (user name, address) and per address (3 and 12 free failures
 * here, then 1 s doubling to at most 2 s), against a real Redis. Addresses come from X-Forwarded-For
 * as the gateway (a trusted proxy: the tests connect from 127.0.0.1) appends them; the forged entry
 * before them counts for nothing.
 */
@QuarkusTest
@TestProfile(BruteForceTest.SmallLimits.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class BruteForceTest {

    private static final String PASSWORD = "the-right-password";
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @InjectKafkaBroker
    KafkaBroker kafka;

    @TestHTTPResource("/oauth2/token")
    URI token;

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.brute-force.free-failures-per-user", "3",
                    "auth.brute-force.free-failures-per-address", "12",
                    "auth.brute-force.first-delay", "PT1S",
                    "auth.brute-force.max-delay", "PT2S",
                    "auth.brute-force.forget-after", "PT30S",
                    // About 20 ms a check: concurrent guesses overlap.
                    "auth.password-hash-cost", "8");
        }
    }

    /** A fresh client address. */
    private static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "10.9." + (n / 250) + "." + (n % 250 + 1);
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
    void aRealUserAndAnUnknownNameAreThrottledAlikeAtTheGuessersAddressOnly() throws Exception {
        String user = unique("victim");
        Admin.createUser(user, PASSWORD, "MEMBER");
        String nobody = unique("nobody");
        String guesser = address();
        for (int attempt = 1; attempt <= 4; attempt++) {
            ExtractableResponse<Response> real = login(user, "wrong-" + attempt, guesser);
            ExtractableResponse<Response> unknown = login(nobody, "wrong-" + attempt, guesser);
            assertEquals(400, real.statusCode());
            assertEquals(real.statusCode(), unknown.statusCode());
            assertEquals(real.body().asString(), unknown.body().asString());
        }
        // One attempt beyond the free three: from the guesser's address both names wait 1 s, even with the right password.
        ExtractableResponse<Response> real = login(user, PASSWORD, guesser);
        ExtractableResponse<Response> unknown = login(nobody, PASSWORD, guesser);
        assertEquals(429, real.statusCode());
        assertEquals("invalid_grant", real.path("error"));
        assertEquals("1", real.header("Retry-After"));
        assertEquals(real.statusCode(), unknown.statusCode());
        assertEquals(real.body().asString(), unknown.body().asString());
        assertEquals(real.header("Retry-After"), unknown.header("Retry-After"));
        // The user, elsewhere, is not locked out by the guesser.
        assertEquals(200, login(user, PASSWORD, address()).statusCode());

        Thread.sleep(1_100);
        // The delay is over: the right password works and the pair's count starts again.
        assertEquals(200, login(user, PASSWORD, guesser).statusCode());
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertEquals(400, login(user, "wrong-again", guesser).statusCode());
        }
        assertEquals(200, login(user, PASSWORD, guesser).statusCode());
    }

    @Test
    void theDelayDoublesUpToItsMaximum() throws Exception {
        String user = unique("target");
        Admin.createUser(user, PASSWORD, "MEMBER");
        String guesser = address();
        for (int attempt = 1; attempt <= 4; attempt++) {
            login(user, "wrong", guesser);
        }
        assertEquals("1", login(user, PASSWORD, guesser).header("Retry-After"));
        Thread.sleep(1_100);
        assertEquals(400, login(user, "wrong", guesser).statusCode());
        assertEquals("2", login(user, PASSWORD, guesser).header("Retry-After"));
        Thread.sleep(2_100);
        assertEquals(400, login(user, "wrong", guesser).statusCode());
        // Capped at 2 s, not 4.
        ExtractableResponse<Response> capped = login(user, PASSWORD, guesser);
        assertEquals(429, capped.statusCode());
        assertEquals("2", capped.header("Retry-After"));
        Thread.sleep(2_100);
        assertEquals(200, login(user, PASSWORD, guesser).statusCode());
    }

    @Test
    void oneAddressTryingManyNamesIsThrottledToo() throws Exception {
        String from = address();
        for (int attempt = 1; attempt <= 13; attempt++) {
            assertEquals(400, login(unique("guess"), "wrong", from).statusCode());
        }
        String user = unique("innocent");
        Admin.createUser(user, PASSWORD, "MEMBER");
        ExtractableResponse<Response> blocked = login(user, PASSWORD, from);
        assertEquals(429, blocked.statusCode());
        assertTrue(blocked.body().asString().contains("user name or address"));
        // Another address is not concerned.
        assertEquals(200, login(user, PASSWORD, address()).statusCode());
        Thread.sleep(1_100);
        assertEquals(200, login(user, PASSWORD, from).statusCode());
    }

    @Test
    void concurrentGuessesCannotSlipPastTheCount() {
        String user = unique("raced");
        Admin.createUser(user, PASSWORD, "MEMBER");
        String guesser = address();
        HttpClient http = HttpClient.newHttpClient();
        String basic = "Basic " + Base64.getEncoder().encodeToString((Admin.CLIENT + ":" + Admin.SECRET).getBytes(StandardCharsets.UTF_8));
        List<CompletableFuture<HttpResponse<String>>> guesses = IntStream.range(0, 8).mapToObj(i -> http.sendAsync(
                HttpRequest.newBuilder(token).header("Authorization", basic).header("X-Forwarded-For", guesser)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=" + user + "&password=wrong-" + i))
                        .build(), HttpResponse.BodyHandlers.ofString())).toList();
        List<Integer> statuses = guesses.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
        // Each attempt is counted before its password check: the free three and the one that starts the
        // delay are checked, the others refused, however many arrive at once.
        assertEquals(4, statuses.stream().filter(status -> status == 400).count(), statuses.toString());
        assertEquals(4, statuses.stream().filter(status -> status == 429).count(), statuses.toString());
    }

    @Test
    void throttledLoginsGoToTheAuditTopic() {
        String user = unique("noisy");
        String guesser = address();
        for (int attempt = 1; attempt <= 5; attempt++) {
            login(user, "wrong", guesser);
        }
        List<ConsumerRecord<String, String>> records = TopicReader.read(kafka.bootstrapServers(), Topics.AUTH_AUDIT,
                record -> record.value().contains(user) && record.value().contains("\"throttled\""), found -> !found.isEmpty(),
                Duration.ofSeconds(15));
        assertEquals(1, records.size());
        assertEquals("at.meldestelle.auth.LoginFailed", TopicReader.header(records.get(0), "ce_type"));
        assertTrue(records.get(0).value().contains("\"address\":\"" + guesser + "\""), records.get(0).value());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("auth_logins_total{outcome=\"throttled\""));
    }
}
