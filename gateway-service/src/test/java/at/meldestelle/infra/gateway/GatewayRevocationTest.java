package at.meldestelle.infra.gateway;

import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TestIssuer;
import at.meldestelle.infra.shared.messaging.RevocationEvents;
import at.meldestelle.infra.shared.messaging.Topics;
import at.meldestelle.infra.shared.testing.InjectKafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.TopicReader;
import at.meldestelle.infra.shared.testing.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revocations from auth.revocations on a real Kafka broker are enforced at the edge: published as
 * auth-service publishes them, a revoked token, session or user is refused within moments while
 * others pass. (The whole path from auth-service's revocation endpoint is in e2e-tests.)
 */
@QuarkusTest
@WithTestResource(TestIssuer.class)
@WithTestResource(EchoUpstream.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class GatewayRevocationTest {

    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    private String management() {
        return "http://localhost:" + managementUrl.getPort();
    }

    private static final String PATH = "/api/eventstore/streams/member-1/events";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaBroker
    KafkaBroker kafka;

    private TopicWriter producer;

    @BeforeEach
    void producer() {
        producer = TopicWriter.to(kafka.bootstrapServers());
    }

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void aRevokedTokenIsRefusedAndOthersPass() throws Exception {
        JwtClaims revoked = admin("user-1");
        JwtClaims other = admin("user-1");
        JwtClaims revokedLongAgo = admin("user-1");
        String token = TestIssuer.sign(revoked);
        assertStatus(token, 200);

        // A revocation whose tokens have expired anyway (clock skew allowance included) changes nothing.
        publish(RevocationEvents.TOKEN_REVOKED, revokedLongAgo.getJwtId(), "{\"jti\":\"" + revokedLongAgo.getJwtId()
                + "\",\"sub\":\"user-1\",\"clientId\":\"c\",\"expiresAt\":\"" + Instant.now().minusSeconds(120) + "\"}");
        publish(RevocationEvents.TOKEN_REVOKED, revoked.getJwtId(), "{\"jti\":\"" + revoked.getJwtId()
                + "\",\"sub\":\"user-1\",\"clientId\":\"c\",\"expiresAt\":\"" + Instant.now().plusSeconds(300) + "\"}");

        awaitStatus(token, 401);
        given().auth().oauth2(token).get(PATH).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .contentType("application/problem+json")
                .body("detail", equalTo("The bearer token is invalid, expired or revoked."));
        assertStatus(TestIssuer.sign(other), 200);
        assertStatus(TestIssuer.sign(revokedLongAgo), 200);
    }

    @Test
    void aRevokedTokenStaysRefusedWhileTheClockSkewAllowanceWouldStillAcceptIt() throws Exception {
        JwtClaims justExpired = admin("user-4");
        NumericDate expired = NumericDate.fromSeconds(Instant.now().getEpochSecond() - 10);
        justExpired.setExpirationTime(expired);
        justExpired.setIssuedAt(NumericDate.fromSeconds(expired.getValue() - 300));
        String token = TestIssuer.sign(justExpired);
        assertStatus(token, 200);   // within the 30 s the gateway allows for clock skew

        publish(RevocationEvents.TOKEN_REVOKED, justExpired.getJwtId(), "{\"jti\":\"" + justExpired.getJwtId()
                + "\",\"expiresAt\":\"" + Instant.ofEpochSecond(expired.getValue()) + "\"}");

        awaitStatus(token, 401);
    }

    @Test
    void readyOnceCaughtUpWithTheRevocations() {
        given().baseUri(management()).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'auth.revocations caught up' }.status", equalTo("UP"));
    }

    @Test
    void aKafkaOutageLeavesTheEdgeReadyAndAliveAndRevocationsFlowAgainAfterIt() throws Exception {
        String token = TestIssuer.sign(admin("user-5"));
        kafka.stop();
        try {
            long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < until) {
                given().baseUri(management()).get("/q/health/ready").then().statusCode(200);
                given().baseUri(management()).get("/q/health/live").then().statusCode(200);
                assertStatus(token, 200);
                Thread.sleep(500);
            }
        } finally {
            kafka.restart();
        }
        producer.close();
        producer();
        JwtClaims revoked = TestIssuer.claims("user-5", List.of("ADMIN"), List.of());
        publish(RevocationEvents.TOKEN_REVOKED, revoked.getJwtId(), "{\"jti\":\"" + revoked.getJwtId() + "\",\"expiresAt\":\""
                + Instant.now().plusSeconds(300) + "\"}");
        awaitStatus(TestIssuer.sign(revoked), 401);
    }

    @Test
    void aRevokedSessionTakesEveryTokenOfItButNoOther() throws Exception {
        String session = UUID.randomUUID().toString();
        JwtClaims first = admin("user-2");
        first.setClaim("sid", session);
        JwtClaims second = admin("user-2");
        second.setClaim("sid", session);
        JwtClaims otherSession = admin("user-2");
        otherSession.setClaim("sid", UUID.randomUUID().toString());

        publish(RevocationEvents.SESSION_REVOKED, session, "{\"sid\":\"" + session + "\",\"reason\":\"logout\",\"expiresAt\":\""
                + Instant.now().plusSeconds(300) + "\"}");

        awaitStatus(TestIssuer.sign(first), 401);
        assertStatus(TestIssuer.sign(second), 401);
        assertStatus(TestIssuer.sign(otherSession), 200);
    }

    @Test
    void aDisabledUserLosesTheTokensIssuedBeforeButNotThoseOfALaterLogin() throws Exception {
        String user = "user-" + UUID.randomUUID();
        Instant disabledAt = Instant.now();
        JwtClaims before = admin(user);
        before.setIssuedAt(NumericDate.fromSeconds(disabledAt.getEpochSecond() - 10));
        JwtClaims after = admin(user);
        after.setIssuedAt(NumericDate.fromSeconds(disabledAt.getEpochSecond() + 2));

        publish(RevocationEvents.USER_DISABLED, user, "{\"sub\":\"" + user + "\",\"disabledAt\":\"" + disabledAt
                + "\",\"expiresAt\":\"" + disabledAt.plusSeconds(330) + "\"}");

        awaitStatus(TestIssuer.sign(before), 401);
        assertStatus(TestIssuer.sign(after), 200);
        assertStatus(TestIssuer.sign(admin("someone-else")), 200);
    }

    @Test
    void poisonRevocationsGoToTheDeadLetterTopicAndTheNextRevocationStillCounts() throws Exception {
        String key = UUID.randomUUID().toString();
        publish(RevocationEvents.TOKEN_REVOKED, key, "{\"jti\":");
        publish(RevocationEvents.SESSION_REVOKED, key, "{\"sid\":\"s\",\"expiresAt\":\"tomorrow\"}");
        publish(RevocationEvents.TOKEN_REVOKED, key, "[]");
        JwtClaims revoked = admin("user-3");
        publish(RevocationEvents.TOKEN_REVOKED, key, "{\"jti\":\"" + revoked.getJwtId() + "\",\"expiresAt\":\""
                + Instant.now().plusSeconds(300) + "\"}");

        awaitStatus(TestIssuer.sign(revoked), 401);
        List<ConsumerRecord<String, String>> dead = TopicReader.read(kafka.bootstrapServers(), Topics.AUTH_REVOCATIONS + ".dlq",
                record -> key.equals(record.key()), found -> found.size() >= 3, WAIT);
        assertEquals(3, dead.size());
        assertEquals(Topics.AUTH_REVOCATIONS, TopicReader.header(dead.get(0), "dead-letter-topic"));
        assertTrue(TopicReader.header(dead.get(0), "dead-letter-reason").endsWith("is not JSON"), TopicReader.header(dead.get(0), "dead-letter-reason"));
        assertTrue(TopicReader.header(dead.get(1), "dead-letter-reason").endsWith("has no valid expiresAt"));
        assertTrue(TopicReader.header(dead.get(2), "dead-letter-reason").endsWith("is not a JSON object"));
    }

    private static JwtClaims admin(String subject) {
        return TestIssuer.claims(subject, List.of("ADMIN"), List.of());
    }

    private void publish(String type, String key, String payload) {
        producer.send(Topics.AUTH_REVOCATIONS, key, payload, TopicWriter.cloudEvent(UUID.randomUUID().toString(), type, "/auth/tests", null));
    }

    private static void assertStatus(String token, int status) {
        given().auth().oauth2(token).get(PATH).then().statusCode(status);
    }

    private static void awaitStatus(String token, int status) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int last;
        while ((last = given().auth().oauth2(token).get(PATH).statusCode()) != status && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(status, last);
    }

}
