package at.meldestelle.infra.gateway;

import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TestIssuer;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Verified tokens are kept (access.VerifiedTokens): a token is verified on its first request only,
 * still carries its roles afterwards, and nothing but the very token that was verified, within its
 * lifetime, is let through by the cache.
 */
@QuarkusTest
@WithTestResource(TestIssuer.class)
@WithTestResource(EchoUpstream.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class VerifiedTokensTest {

    private static final String PATH = "/api/eventstore/streams/member-1/events";

    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @Test
    void aTokenIsVerifiedOnceAndKeepsItsRolesAndPermissions() {
        String admin = TestIssuer.token("client-7", List.of("ADMIN"), List.of("WRITE_EVENTS"));
        String member = TestIssuer.token("member-7", List.of("MEMBER"), List.of());
        given().auth().oauth2(TestIssuer.token("client-6", List.of("ADMIN"), List.of())).get(PATH).then().statusCode(200);
        double hits = cacheGets("hit");
        double misses = cacheGets("miss");

        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(admin).get(PATH).then().statusCode(200)
                    .body("headers.x-user-id", equalTo("client-7"))
                    .body("headers.x-user-roles", equalTo("ADMIN"))
                    .body("headers.x-user-permissions", equalTo("WRITE_EVENTS"));
            given().auth().oauth2(member).get(PATH).then().statusCode(403);
        }

        assertEquals(2, cacheGets("miss") - misses, "each token is verified on its first request only");
        assertEquals(8, cacheGets("hit") - hits, "later requests find the verified token");
    }

    @Test
    void aTokenThatDiffersFromAVerifiedOneInAnyPartIsVerifiedAgain() {
        String token = TestIssuer.token("client-8", List.of("ADMIN"), List.of());
        given().auth().oauth2(token).get(PATH).then().statusCode(200);

        String[] parts = token.split("\\.");
        String signature = parts[2];
        char last = signature.charAt(signature.length() - 2);
        String otherSignature = signature.substring(0, signature.length() - 2) + (last == 'A' ? 'B' : 'A') + signature.charAt(signature.length() - 1);
        given().auth().oauth2(parts[0] + "." + parts[1] + "." + otherSignature).get(PATH).then().statusCode(401);

        // The verified token's signature under other claims: a forged elevation of a cached token.
        String otherClaims = TestIssuer.token("mallory", List.of("ADMIN"), List.of()).split("\\.")[1];
        given().auth().oauth2(parts[0] + "." + otherClaims + "." + signature).get(PATH).then().statusCode(401);

        given().auth().oauth2(token).get(PATH).then().statusCode(200).body("headers.x-user-id", equalTo("client-8"));
    }

    @Test
    void aKeptTokenIsVerifiedAgainOnceItsExpiryHasPassed() throws InterruptedException {
        JwtClaims claims = TestIssuer.claims("client-10", List.of("ADMIN"), List.of());
        Instant expiry = Instant.now().plusSeconds(2);
        claims.setExpirationTime(NumericDate.fromSeconds(expiry.getEpochSecond()));
        String token = TestIssuer.sign(claims);
        given().auth().oauth2(token).get(PATH).then().statusCode(200);
        given().auth().oauth2(token).get(PATH).then().statusCode(200);
        double misses = cacheGets("miss");

        Thread.sleep(Math.max(0, (expiry.getEpochSecond() + 1) * 1000 - System.currentTimeMillis()));

        // Past exp, within the clock-skew grace: still valid, but verified by quarkus-oidc again, not served kept.
        given().auth().oauth2(token).get(PATH).then().statusCode(200);
        assertEquals(1, cacheGets("miss") - misses);
    }

    @Test
    void aTokenIsNotKeptPastItsExpiry() throws InterruptedException {
        // Expired, but within the 30 s clock-skew grace quarkus-oidc allows: valid for about 5 s more.
        JwtClaims claims = TestIssuer.claims("client-9", List.of("ADMIN"), List.of());
        Instant expiry = Instant.now().minusSeconds(25);
        claims.setExpirationTime(NumericDate.fromSeconds(expiry.getEpochSecond()));
        claims.setIssuedAt(NumericDate.fromSeconds(expiry.getEpochSecond() - 60));
        String token = TestIssuer.sign(claims);
        given().auth().oauth2(token).get(PATH).then().statusCode(200);
        given().auth().oauth2(token).get(PATH).then().statusCode(200);

        long graceEnds = (expiry.getEpochSecond() + 31) * 1000;
        Thread.sleep(Math.max(0, graceEnds - System.currentTimeMillis()));

        given().auth().oauth2(token).get(PATH).then().statusCode(401);
    }

    private double cacheGets(String result) {
        String metrics = given().get("http://localhost:" + managementUrl.getPort() + "/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("cache_gets_total{") && line.contains("cache=\"verified-tokens\"")
                        && line.contains("result=\"" + result + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cache_gets_total for the verified tokens in\n" + metrics));
    }
}
