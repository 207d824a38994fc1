package at.meldestelle.infra.auth.bruteforce;

import at.meldestelle.infra.auth.Admin;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of password logins is refused with 503 beyond one running and one waiting bcrypt check
 * (cost 12 here, a few hundred milliseconds each), instead of queueing without bound; the service
 * answers normally afterwards.
 */
@QuarkusTest
@TestProfile(PasswordCheckPoolTest.OneAtATime.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class PasswordCheckPoolTest {

    public static class OneAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.password-check-threads", "1", "auth.password-check-queue", "1", "auth.password-hash-cost", "12");
        }
    }

    @TestHTTPResource("/oauth2/token")
    URI token;

    @Test
    void aFloodIsRefusedWith503AndTheServiceAnswersAfterwards() {
        HttpClient http = HttpClient.newHttpClient();
        String basic = "Basic " + Base64.getEncoder().encodeToString((Admin.CLIENT + ":" + Admin.SECRET).getBytes(StandardCharsets.UTF_8));
        List<CompletableFuture<HttpResponse<String>>> flood = IntStream.range(0, 12).mapToObj(i -> http.sendAsync(
                HttpRequest.newBuilder(token).header("Authorization", basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Forwarded-For", "10.1.1." + i)
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=flood-" + i + "&password=wrong"))
                        .build(), HttpResponse.BodyHandlers.ofString())).toList();
        List<HttpResponse<String>> answers = flood.stream().map(CompletableFuture::join).toList();

        long refused = answers.stream().filter(answer -> answer.statusCode() == 503).count();
        long checked = answers.stream().filter(answer -> answer.statusCode() == 400).count();
        assertEquals(answers.size(), refused + checked, () -> "only 400 and 503 expected: " + answers.stream()
                .map(answer -> answer.statusCode() + " " + answer.body()).toList());
        assertTrue(refused > 0, "no login was refused");
        assertTrue(answers.stream().filter(answer -> answer.statusCode() == 503)
                .allMatch(answer -> answer.body().contains("temporarily_unavailable")));

        Admin.login("test-admin-user", "test-admin-password").statusCode(200);
    }
}
