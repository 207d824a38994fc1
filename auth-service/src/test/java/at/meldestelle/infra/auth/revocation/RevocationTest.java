package at.meldestelle.infra.auth.revocation;

import at.meldestelle.infra.auth.client.ClientRepository;
import at.meldestelle.infra.auth.SecondClient;
import at.meldestelle.infra.auth.client.ClientSecretHasher;
import at.meldestelle.infra.shared.messaging.RevocationEvents;
import at.meldestelle.infra.shared.messaging.Topics;
import at.meldestelle.infra.shared.testing.InjectKafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TopicReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Introspection (RFC 7662) and revocation (RFC 7009) against a real Redis and a real Kafka broker. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class RevocationTest {

    @InjectKafkaBroker
    KafkaBroker kafka;

    private final ClientRepository clients;
    private final ClientSecretHasher hasher;
    private final ObjectMapper json;

    RevocationTest(ClientRepository clients, ClientSecretHasher hasher, ObjectMapper json) {
        this.clients = clients;
        this.hasher = hasher;
        this.json = json;
    }

    @BeforeEach
    void anotherClient() {
        SecondClient.register(clients, hasher);
    }

    private static String token(String client, String secret) {
        return given().auth().preemptive().basic(client, secret).formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().statusCode(200).extract().path("access_token");
    }

    private static io.restassured.response.ValidatableResponse introspect(String token) {
        return given().auth().preemptive().basic("test-admin", "test-secret").formParam("token", token)
                .post("/oauth2/introspect").then();
    }

    @Test
    void introspectionShowsAnActiveTokenWithItsClaims() {
        String token = token("other-client", "other-secret");
        introspect(token).statusCode(200).header("Cache-Control", "no-store")
                .body("active", equalTo(true))
                .body("client_id", equalTo("other-client"))
                .body("sub", equalTo("other-client"))
                .body("username", equalTo("service-account-other-client"))
                .body("token_type", equalTo("Bearer"))
                .body("roles", hasItem("MEMBER"))
                .body("aud", equalTo("meldestelle-api"));
    }

    @Test
    void aRevokedTokenIsInactiveAndTheRevocationArrivesOnKafka() throws Exception {
        String token = token("other-client", "other-secret");
        String jti = introspect(token).statusCode(200).extract().path("jti");

        given().auth().preemptive().basic("other-client", "other-secret").formParam("token", token)
                .formParam("token_type_hint", "access_token").header("X-Correlation-ID", "revoke-test-1")
                .post("/oauth2/revoke").then().statusCode(200);
        introspect(token).statusCode(200).body("$", aMapWithSize(1)).body("active", equalTo(false));
        given().auth().preemptive().basic("other-client", "other-secret").formParam("token", token)
                .post("/oauth2/revoke").then().statusCode(200);

        List<ConsumerRecord<String, String>> records = TopicReader.read(kafka.bootstrapServers(), Topics.AUTH_REVOCATIONS,
                record -> jti.equals(record.key()), found -> !found.isEmpty(), Duration.ofSeconds(20));
        assertEquals(jti, records.get(0).key());
        assertEquals(RevocationEvents.TOKEN_REVOKED, TopicReader.header(records.get(0), "ce_type"));
        assertEquals(jti, TopicReader.header(records.get(0), "ce_subject"));
        assertEquals("revoke-test-1", TopicReader.header(records.get(0), "ce_correlationid"));
        assertNotNull(TopicReader.header(records.get(0), "ce_id"));
        JsonNode payload = json.readTree(records.get(0).value());
        assertEquals("other-client", payload.path("clientId").asText());
        assertEquals(jti, payload.path("jti").asText());
    }

    @Test
    void withTheBrokerDownARevocationIsRecordedAndAnswered503SoThatTheClientSendsItAgain() {
        String token = token("other-client", "other-secret");
        kafka.stop();
        try {
            given().auth().preemptive().basic("other-client", "other-secret").formParam("token", token)
                    .post("/oauth2/revoke").then().statusCode(503).body("error", equalTo("temporarily_unavailable"));
            introspect(token).statusCode(200).body("active", equalTo(false));
        } finally {
            kafka.restart();
        }
        // Sent again, as the 503 asks, until the restarted broker takes it: publishing recovers.
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        int status;
        do {
            status = given().auth().preemptive().basic("other-client", "other-secret").formParam("token", token)
                    .post("/oauth2/revoke").then().extract().statusCode();
        } while (status == 503 && java.time.Instant.now().isBefore(deadline));
        assertEquals(200, status);
    }

    @Test
    void aClientCannotRevokeAnotherClientsToken() {
        String token = token("other-client", "other-secret");
        given().auth().preemptive().basic("test-admin", "test-secret").formParam("token", token)
                .post("/oauth2/revoke").then().statusCode(400).body("error", equalTo("unauthorized_client"));
        introspect(token).statusCode(200).body("active", equalTo(true));
    }

    @Test
    void garbageForeignAndExpiredLookingTokensAreInactiveAndRevokingThemSucceeds() {
        String token = token("other-client", "other-secret");
        String[] parts = token.split("\\.");
        String forgedPayload = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"test-admin\",\"roles\":[\"ADMIN\"]}".getBytes()) + "." + parts[2];
        for (String bad : List.of("not-a-token", forgedPayload, parts[0] + "." + parts[1] + ".", "a".repeat(4000))) {
            introspect(bad).statusCode(200).body("$", aMapWithSize(1)).body("active", equalTo(false));
            given().auth().preemptive().basic("other-client", "other-secret").formParam("token", bad)
                    .post("/oauth2/revoke").then().statusCode(200);
        }
        introspect(token).statusCode(200).body("active", equalTo(true));
    }

    @Test
    void bothEndpointsNeedAnAuthenticatedClientAndATokenField() {
        String token = token("other-client", "other-secret");
        given().formParam("token", token).post("/oauth2/introspect").then().statusCode(401).body("error", equalTo("invalid_client"));
        given().auth().preemptive().basic("other-client", "wrong").formParam("token", token)
                .post("/oauth2/revoke").then().statusCode(401).body("error", equalTo("invalid_client"));
        given().auth().preemptive().basic("other-client", "other-secret").formParam("nothing", "x")
                .post("/oauth2/introspect").then().statusCode(400).body("error", equalTo("invalid_request"));
        given().auth().preemptive().basic("other-client", "other-secret").contentType("application/x-www-form-urlencoded")
                .body("token=%zz").post("/oauth2/revoke").then().statusCode(400).body("error", equalTo("invalid_request"));
        introspect(token).statusCode(200).body("active", equalTo(true));
    }

    @Test
    void discoveryNamesTheEndpoints() {
        given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("introspection_endpoint", endsWith("/oauth2/introspect"))
                .body("revocation_endpoint", endsWith("/oauth2/revoke"));
    }
}
