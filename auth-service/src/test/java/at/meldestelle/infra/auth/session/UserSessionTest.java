package at.meldestelle.infra.auth.session;

import at.meldestelle.infra.auth.client.ClientRepository;
import at.meldestelle.infra.auth.SecondClient;
import at.meldestelle.infra.auth.client.ClientSecretHasher;
import at.meldestelle.infra.auth.user.User;
import at.meldestelle.infra.auth.user.UserRepository;
import at.meldestelle.infra.shared.messaging.Topics;
import at.meldestelle.infra.shared.testing.InjectKafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Password logins, sessions and refresh token rotation with reuse detection, against real Redis and Kafka. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class UserSessionTest {

    private static final String USER = "test-admin-user";
    private static final String PASSWORD = "test-admin-password";

    @InjectKafkaBroker
    KafkaBroker kafka;

    private final UserRepository users;
    private final ClientRepository clients;
    private final ClientSecretHasher hasher;

    UserSessionTest(UserRepository users, ClientRepository clients, ClientSecretHasher hasher) {
        this.users = users;
        this.clients = clients;
        this.hasher = hasher;
    }

    @BeforeEach
    void anotherClient() {
        SecondClient.register(clients, hasher);
    }

    private static ValidatableResponse asOtherClient(String... form) {
        var request = given().auth().preemptive().basic("other-client", "other-secret");
        for (int i = 0; i < form.length; i += 2) {
            request = request.formParam(form[i], form[i + 1]);
        }
        return request.post(form[0].equals("token") ? "/oauth2/revoke" : "/oauth2/token").then();
    }

    private static ValidatableResponse token(String... form) {
        var request = given().auth().preemptive().basic("test-admin", "test-secret");
        for (int i = 0; i < form.length; i += 2) {
            request = request.formParam(form[i], form[i + 1]);
        }
        return request.post("/oauth2/token").then();
    }

    private static ValidatableResponse login(String username, String password) {
        return token("grant_type", "password", "username", username, "password", password);
    }

    private static ValidatableResponse refresh(String refreshToken) {
        return token("grant_type", "refresh_token", "refresh_token", refreshToken);
    }

    private static JwtClaims claims(String accessToken) throws Exception {
        return new JwtConsumerBuilder().setSkipSignatureVerification().setSkipDefaultAudienceValidation().build()
                .processToClaims(accessToken);
    }

    private static boolean active(String accessToken) {
        return given().auth().preemptive().basic("test-admin", "test-secret").formParam("token", accessToken)
                .post("/oauth2/introspect").then().statusCode(200).extract().path("active");
    }

    @Test
    void aPasswordLoginOpensASessionWithAUserTokenAndARefreshToken() throws Exception {
        JsonPath answer = login(USER, PASSWORD).statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("refresh_token", notNullValue()).extract().jsonPath();
        JwtClaims claims = claims(answer.getString("access_token"));
        String userId = users.findByUsername(USER).await().atMost(Duration.ofSeconds(5)).id();
        assertEquals(userId, claims.getSubject());
        assertEquals(USER, claims.getStringClaimValue("preferred_username"));
        assertEquals(List.of("ADMIN"), claims.getStringListClaimValue("roles"));
        assertEquals("test-admin", claims.getStringClaimValue("client_id"));
        assertNotNull(claims.getStringClaimValue("sid"));
        assertTrue(answer.getString("refresh_token").startsWith(claims.getStringClaimValue("sid") + "."));
        login(USER.toUpperCase(), PASSWORD).statusCode(200);
    }

    @Test
    void unknownUserWrongPasswordAndDisabledUserGetTheSameAnswer() {
        String disabled = "disabled-" + UUID.randomUUID();
        String adminHash = users.findByUsername(USER).await().atMost(Duration.ofSeconds(5)).passwordHash();
        users.create(new User(UUID.randomUUID().toString(), disabled, adminHash, false, List.of("MEMBER")))
                .await().atMost(Duration.ofSeconds(5));
        JsonPath wrong = login(USER, "wrong").statusCode(400).body("error", equalTo("invalid_grant")).extract().jsonPath();
        JsonPath unknown = login("nobody-" + UUID.randomUUID(), PASSWORD).statusCode(400).extract().jsonPath();
        JsonPath off = login(disabled, PASSWORD).statusCode(400).extract().jsonPath();
        for (JsonPath other : List.of(unknown, off)) {
            assertEquals(wrong.getString("error_description"), other.getString("error_description"));
            assertEquals(wrong.getString("detail"), other.getString("detail"));
        }
        login("x".repeat(4000), PASSWORD).statusCode(400).body("error", equalTo("invalid_grant"));
        token("grant_type", "password", "username", USER).statusCode(400).body("error", equalTo("invalid_request"));
        given().formParam("grant_type", "password").formParam("username", USER).formParam("password", PASSWORD)
                .post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void refreshTokensRotateAndKeepTheSession() throws Exception {
        JsonPath first = login(USER, PASSWORD).statusCode(200).extract().jsonPath();
        JsonPath second = refresh(first.getString("refresh_token")).statusCode(200).extract().jsonPath();
        assertNotEquals(first.getString("refresh_token"), second.getString("refresh_token"));
        assertEquals(claims(first.getString("access_token")).getStringClaimValue("sid"),
                claims(second.getString("access_token")).getStringClaimValue("sid"));
        JsonPath third = refresh(second.getString("refresh_token")).statusCode(200).extract().jsonPath();
        assertTrue(active(third.getString("access_token")));
    }

    @Test
    void aRefreshTokenUsedTwiceEndsTheWholeSessionAndTheGatewayIsTold() throws Exception {
        JsonPath login = login(USER, PASSWORD).statusCode(200).extract().jsonPath();
        String sid = claims(login.getString("access_token")).getStringClaimValue("sid");
        JsonPath rotated = refresh(login.getString("refresh_token")).statusCode(200).extract().jsonPath();
        assertTrue(active(rotated.getString("access_token")));

        refresh(login.getString("refresh_token")).statusCode(400).body("error", equalTo("invalid_grant"));

        refresh(rotated.getString("refresh_token")).statusCode(400).body("error", equalTo("invalid_grant"));
        assertFalse(active(rotated.getString("access_token")), "the session's access tokens stop working");
        assertFalse(active(login.getString("access_token")));
        List<ConsumerRecord<String, String>> records = TopicReader.read(kafka.bootstrapServers(), Topics.AUTH_REVOCATIONS,
                record -> sid.equals(record.key()), found -> !found.isEmpty(), Duration.ofSeconds(20));
        assertEquals("at.meldestelle.auth.SessionRevoked", TopicReader.header(records.get(0), "ce_type"));
        assertTrue(records.get(0).value().contains("refresh-token-reuse"));
        assertTrue(active(login(USER, PASSWORD).statusCode(200).extract().path("access_token")), "a new login works");
    }

    @Test
    void aRefreshTokenPresentedByAnotherClientEndsItsSession() throws Exception {
        JsonPath login = login(USER, PASSWORD).statusCode(200).extract().jsonPath();
        asOtherClient("grant_type", "refresh_token", "refresh_token", login.getString("refresh_token"))
                .statusCode(400).body("error", equalTo("invalid_grant"));
        refresh(login.getString("refresh_token")).statusCode(400).body("error", equalTo("invalid_grant"));
        assertFalse(active(login.getString("access_token")));
    }

    @Test
    void twoRefreshesWithTheSameTokenAtOnceGiveOneNewTokenAndThenEndTheSession() throws Exception {
        String refreshToken = login(USER, PASSWORD).statusCode(200).extract().path("refresh_token");
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> refresh(refreshToken).extract().statusCode());
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> refresh(refreshToken).extract().statusCode());
        assertEquals(java.util.Set.of(200, 400), java.util.Set.of(first.get(), second.get()));
    }

    @Test
    void revokingARefreshTokenEndsTheSessionForItsClientOnly() throws Exception {
        JsonPath login = login(USER, PASSWORD).statusCode(200).extract().jsonPath();
        String sid = claims(login.getString("access_token")).getStringClaimValue("sid");
        asOtherClient("token", login.getString("refresh_token")).statusCode(400).body("error", equalTo("unauthorized_client"));
        assertTrue(active(login.getString("access_token")));

        given().auth().preemptive().basic("test-admin", "test-secret").formParam("token", login.getString("refresh_token"))
                .formParam("token_type_hint", "refresh_token").post("/oauth2/revoke").then().statusCode(200);
        assertFalse(active(login.getString("access_token")));
        refresh(login.getString("refresh_token")).statusCode(400).body("error", equalTo("invalid_grant"));
        List<ConsumerRecord<String, String>> records = TopicReader.read(kafka.bootstrapServers(), Topics.AUTH_REVOCATIONS,
                record -> sid.equals(record.key()), found -> !found.isEmpty(), Duration.ofSeconds(20));
        assertTrue(records.get(0).value().contains("\"reason\":\"revoked\""), records.get(0).value());
        assertTrue(records.get(0).value().contains("expiresAt"));
    }

    @Test
    void malformedAndUnknownRefreshTokensAreInvalidGrants() {
        for (String bad : List.of("garbage", UUID.randomUUID() + "." + "A".repeat(43), "." + "A".repeat(43), "x".repeat(4000))) {
            refresh(bad).statusCode(400).body("error", equalTo("invalid_grant"));
        }
        token("grant_type", "refresh_token").statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void userinfoShowsTheBearersClaimsAndLogoutEndsTheSession() throws Exception {
        JsonPath login = login(USER, PASSWORD).statusCode(200).extract().jsonPath();
        String accessToken = login.getString("access_token");
        String sid = claims(accessToken).getStringClaimValue("sid");
        given().auth().oauth2(accessToken).get("/oauth2/userinfo").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("preferred_username", equalTo(USER)).body("sid", equalTo(sid)).body("roles", hasItems("ADMIN"));

        given().auth().oauth2(accessToken).header("X-Correlation-ID", "logout-test-1").post("/oauth2/logout").then().statusCode(204);

        assertFalse(active(accessToken));
        given().auth().oauth2(accessToken).post("/oauth2/logout").then().statusCode(204);
        given().auth().oauth2(accessToken).post("/oauth2/userinfo").then().statusCode(401);
        refresh(login.getString("refresh_token")).statusCode(400).body("error", equalTo("invalid_grant"));
        given().auth().oauth2(accessToken).get("/oauth2/userinfo").then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\"")).body("error", equalTo("invalid_token"));
        List<ConsumerRecord<String, String>> records = TopicReader.read(kafka.bootstrapServers(), Topics.AUTH_REVOCATIONS,
                record -> sid.equals(record.key()), found -> !found.isEmpty(), Duration.ofSeconds(20));
        assertTrue(records.get(0).value().contains("\"reason\":\"logout\""), records.get(0).value());
        assertEquals("logout-test-1", TopicReader.header(records.get(0), "ce_correlationid"));
    }

    @Test
    void userinfoAndLogoutRefuseMissingForeignAndSessionlessTokens() {
        given().get("/oauth2/userinfo").then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer realm=\"meldestelle\""));
        given().header("Authorization", "Bearer not-a-token").get("/oauth2/userinfo").then().statusCode(401)
                .body("error", equalTo("invalid_token"));
        given().header("Authorization", "Basic dGVzdDp0ZXN0").post("/oauth2/logout").then().statusCode(401);
        String clientToken = token("grant_type", "client_credentials").statusCode(200).extract().path("access_token");
        given().auth().oauth2(clientToken).get("/oauth2/userinfo").then().statusCode(200).body("client_id", equalTo("test-admin"));
        given().auth().oauth2(clientToken).post("/oauth2/logout").then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void withTheBrokerDownLogoutAndRefreshTokenRevocationAnswer503AndWorkWhenSentAgain() throws Exception {
        JsonPath forLogout = login(USER, PASSWORD).statusCode(200).extract().jsonPath();
        JsonPath forRevocation = login(USER, PASSWORD).statusCode(200).extract().jsonPath();
        String revokedSid = claims(forRevocation.getString("access_token")).getStringClaimValue("sid");
        kafka.stop();
        try {
            given().auth().oauth2(forLogout.getString("access_token")).post("/oauth2/logout").then().statusCode(503)
                    .body("error", equalTo("temporarily_unavailable"));
            assertFalse(active(forLogout.getString("access_token")), "the logout holds in Redis");
            given().auth().preemptive().basic("test-admin", "test-secret").formParam("token", forRevocation.getString("refresh_token"))
                    .post("/oauth2/revoke").then().statusCode(503);
            assertFalse(active(forRevocation.getString("access_token")), "the revocation holds in Redis");
        } finally {
            kafka.restart();
        }
        String logoutSid = claims(forLogout.getString("access_token")).getStringClaimValue("sid");
        assertEquals(204, untilNot503(() -> given().auth().oauth2(forLogout.getString("access_token")).post("/oauth2/logout")
                .then().extract().statusCode()), "sent again, the logout is published");
        assertFalse(TopicReader.read(kafka.bootstrapServers(), Topics.AUTH_REVOCATIONS, record -> logoutSid.equals(record.key()),
                found -> !found.isEmpty(), Duration.ofSeconds(20)).isEmpty());
        assertEquals(200, untilNot503(() -> given().auth().preemptive().basic("test-admin", "test-secret")
                .formParam("token", forRevocation.getString("refresh_token")).post("/oauth2/revoke").then().extract().statusCode()));
        List<ConsumerRecord<String, String>> records = TopicReader.read(kafka.bootstrapServers(), Topics.AUTH_REVOCATIONS,
                record -> revokedSid.equals(record.key()), found -> !found.isEmpty(), Duration.ofSeconds(20));
        assertTrue(records.get(0).value().contains("\"reason\":\"revoked\""), "the revocation sent again was published");
    }

    /** Sends again, as a 503 asks, until the restarted broker takes it. */
    private static int untilNot503(java.util.function.IntSupplier send) {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        int status;
        do {
            status = send.getAsInt();
        } while (status == 503 && java.time.Instant.now().isBefore(deadline));
        return status;
    }

    @Test
    void discoveryListsTheGrants() {
        given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("grant_types_supported", hasItems("client_credentials", "password", "refresh_token"))
                .body("userinfo_endpoint", endsWith("/oauth2/userinfo"));
    }
}
