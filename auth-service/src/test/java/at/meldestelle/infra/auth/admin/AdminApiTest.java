package at.meldestelle.infra.auth.admin;

import at.meldestelle.infra.auth.Admin;
import at.meldestelle.infra.auth.SecondClient;
import at.meldestelle.infra.auth.client.ClientRepository;
import at.meldestelle.infra.auth.client.ClientSecretHasher;
import at.meldestelle.infra.shared.messaging.Topics;
import at.meldestelle.infra.shared.testing.InjectKafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaBroker;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TopicReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static at.meldestelle.infra.auth.Admin.active;
import static at.meldestelle.infra.auth.Admin.createUser;
import static at.meldestelle.infra.auth.Admin.login;
import static at.meldestelle.infra.auth.Admin.refresh;
import static at.meldestelle.infra.auth.Admin.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin API (role ADMIN) against a real Redis and a real Kafka broker. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class AdminApiTest {

    private static final String PASSWORD = "a-good-password";
    /** Every admin endpoint, as method and path (ids that need not exist: authorization comes first). */
    private static final List<List<String>> ENDPOINTS = List.of(
            List.of("POST", "/admin/users"), List.of("GET", "/admin/users?username=x"), List.of("GET", "/admin/users/x"),
            List.of("POST", "/admin/users/x/disable"), List.of("POST", "/admin/users/x/enable"),
            List.of("PUT", "/admin/users/x/password"), List.of("PUT", "/admin/users/x/roles"),
            List.of("GET", "/admin/users/x/sessions"), List.of("DELETE", "/admin/users/x/sessions"),
            List.of("DELETE", "/admin/users/x/sessions/y"),
            List.of("POST", "/admin/clients"), List.of("GET", "/admin/clients"), List.of("GET", "/admin/clients/x"),
            List.of("PUT", "/admin/clients/x"), List.of("POST", "/admin/clients/x/secret"), List.of("DELETE", "/admin/clients/x"),
            List.of("GET", "/admin/roles"), List.of("PUT", "/admin/roles/X"),
            List.of("GET", "/admin/keys"), List.of("POST", "/admin/keys/rotate"));

    @InjectKafkaBroker
    KafkaBroker kafka;

    private final ClientRepository clients;
    private final ClientSecretHasher hasher;
    private final ObjectMapper json;
    private final RedisDataSource redis;

    AdminApiTest(ClientRepository clients, ClientSecretHasher hasher, ObjectMapper json, RedisDataSource redis) {
        this.clients = clients;
        this.hasher = hasher;
        this.json = json;
        this.redis = redis;
    }

    @BeforeEach
    void anotherClient() {
        SecondClient.register(clients, hasher);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JwtClaims claims(String token) throws Exception {
        JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(token);
        return JwtClaims.parse(jws.getUnverifiedPayload());
    }

    @Test
    void everyAdminEndpointWantsAnAdminToken() {
        String memberToken = Admin.clientToken(SecondClient.ID, SecondClient.SECRET);
        for (List<String> endpoint : ENDPOINTS) {
            String method = endpoint.get(0);
            String path = endpoint.get(1);
            given().contentType(ContentType.JSON).body("{}").request(method, path).then()
                    .statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", equalTo("Bearer realm=\"meldestelle\""));
            given().header("Authorization", "Bearer not-a-token").contentType(ContentType.JSON).body("{}").request(method, path)
                    .then().statusCode(401).header("WWW-Authenticate", containsString("error=\"invalid_token\""));
            given().header("Authorization", "Bearer " + memberToken).contentType(ContentType.JSON).body("{}").request(method, path)
                    .then().statusCode(403).header("WWW-Authenticate", containsString("error=\"insufficient_scope\""))
                    .body("detail", containsString("ADMIN"));
        }
    }

    @Test
    void anAdminWhoIsNoMoreLosesTheAdminApiAtOnceNotWhenTheTokenExpires() {
        String name = unique("deputy");
        String id = createUser(name, PASSWORD, "ADMIN");
        String userToken = login(name, PASSWORD).statusCode(200).extract().path("access_token");
        given().header("Authorization", "Bearer " + userToken).get("/admin/roles").then().statusCode(200);
        request().body(Map.of("roles", List.of("MEMBER"))).put("/admin/users/" + id + "/roles").then().statusCode(200);
        given().header("Authorization", "Bearer " + userToken).get("/admin/roles").then().statusCode(403);

        String clientId = unique("automation");
        String secret = request().body(Map.of("clientId", clientId, "roles", List.of("ADMIN"), "grantTypes",
                List.of("client_credentials"))).post("/admin/clients").then().statusCode(201).extract().path("clientSecret");
        String before = Admin.clientToken(clientId, secret);
        given().header("Authorization", "Bearer " + before).get("/admin/roles").then().statusCode(200);
        // A leaked secret is replaced: a token got with it is no admin token any more, a token of the new one is.
        String newSecret = request().post("/admin/clients/" + clientId + "/secret").then().statusCode(200).extract().path("clientSecret");
        given().header("Authorization", "Bearer " + before).get("/admin/roles").then().statusCode(403);
        // Tokens say when they were issued in whole seconds: one of the very second of the change counts as before it.
        await(Duration.ofMillis(1_100));
        String after = Admin.clientToken(clientId, newSecret);
        given().header("Authorization", "Bearer " + after).get("/admin/roles").then().statusCode(200);
        request().body(Map.of("enabled", false, "roles", List.of("ADMIN"), "grantTypes", List.of("client_credentials")))
                .put("/admin/clients/" + clientId).then().statusCode(200);
        given().header("Authorization", "Bearer " + after).get("/admin/roles").then().statusCode(403);
    }

    private static void await(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anAdminUserMayUseTheAdminApiToo() {
        String token = login("test-admin-user", "test-admin-password").statusCode(200).extract().path("access_token");
        given().header("Authorization", "Bearer " + token).get("/admin/roles").then().statusCode(200)
                .body("ADMIN", hasItem("WRITE_EVENTS"));
    }

    @Test
    void aCreatedUserLogsInWithItsRolesAndTheirPermissions() throws Exception {
        String name = unique("Trainer");
        String id = request().body(Map.of("username", name, "password", PASSWORD, "roles", List.of("TRAINER")))
                .post("/admin/users").then().statusCode(201)
                .header("Location", containsString("/admin/users/"))
                .body("username", equalTo(name)).body("enabled", equalTo(true)).body("roles", equalTo(List.of("TRAINER")))
                .body("passwordHash", nullValue())
                .extract().path("id");

        JwtClaims claims = claims(login(name.toUpperCase(), PASSWORD).statusCode(200).extract().path("access_token"));
        assertEquals(id, claims.getSubject());
        assertEquals(List.of("TRAINER"), claims.getStringListClaimValue("roles"));
        assertEquals(List.of("READ_EVENTS", "READ_HORSES", "READ_MASTERDATA", "READ_MEMBERS", "WRITE_EVENTS", "WRITE_HORSES"),
                claims.getStringListClaimValue("permissions"));

        request().get("/admin/users/" + id).then().statusCode(200).body("username", equalTo(name));
        request().queryParam("username", name.toLowerCase()).get("/admin/users").then().statusCode(200)
                .body("id", equalTo(List.of(id)));
        request().queryParam("username", unique("nobody")).get("/admin/users").then().statusCode(200).body("$", empty());
        request().get("/admin/users/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        // Names are unique regardless of case and Unicode form: the full-width spelling is the same name.
        String fullWidth = name.chars().mapToObj(c -> Character.isLetterOrDigit(c) && c < 128 ? String.valueOf((char) (c + 0xFEE0))
                : String.valueOf((char) c)).reduce("", String::concat);
        request().body(Map.of("username", fullWidth, "password", PASSWORD, "roles", List.of()))
                .post("/admin/users").then().statusCode(409).body("detail", containsString("exists"));
    }

    @Test
    void badUserInputIsA422Or400NeverA500() {
        String name = unique("bad");
        request().body(Map.of("username", name, "password", "short", "roles", List.of())).post("/admin/users")
                .then().statusCode(422).body("detail", containsString("password"));
        request().body(Map.of("username", name, "password", "ä".repeat(37), "roles", List.of())).post("/admin/users")
                .then().statusCode(422).body("detail", containsString("72 bytes"));
        request().body(Map.of("username", name, "password", PASSWORD, "roles", List.of("NO_SUCH_ROLE"))).post("/admin/users")
                .then().statusCode(422).body("detail", containsString("NO_SUCH_ROLE"));
        request().body(Map.of("username", name, "password", PASSWORD, "roles", List.of("member"))).post("/admin/users")
                .then().statusCode(422).body("detail", containsString("roles"));
        request().body(Map.of("username", " " + name, "password", PASSWORD)).post("/admin/users")
                .then().statusCode(422).body("detail", containsString("username"));
        request().body(Map.of("username", "x".repeat(129), "password", PASSWORD)).post("/admin/users")
                .then().statusCode(422);
        request().body(Map.of("username", "tab\tname", "password", PASSWORD)).post("/admin/users").then().statusCode(422);
        request().body(Map.of("username", "admin\u200B", "password", PASSWORD)).post("/admin/users").then().statusCode(422);
        request().body(Map.of("username", "x\u202Egnp.exe", "password", PASSWORD)).post("/admin/users").then().statusCode(422);
        request().body(Map.of("username", "admin\u00A0", "password", PASSWORD)).post("/admin/users").then().statusCode(422);
        request().body(Map.of("username", "line\u2028break", "password", PASSWORD)).post("/admin/users").then().statusCode(422);
        request().body("{\"username\": \"a\\uD800\", \"password\": \"" + PASSWORD + "\"}").post("/admin/users").then()
                .statusCode(422);
        request().body("{\"username\": 42, \"password\": [], \"roles\": \"MEMBER\"}").post("/admin/users").then()
                .statusCode(400);
        request().body(Map.of("password", PASSWORD)).post("/admin/users").then().statusCode(422);
        request().body("{\"username\": ").post("/admin/users").then().statusCode(400).contentType("application/problem+json");
        request().body("[1, 2]").post("/admin/users").then().statusCode(400);
        request().post("/admin/users").then().statusCode(422).body("detail", containsString("body"));
        request().contentType(ContentType.TEXT).body("username=x").post("/admin/users").then().statusCode(415);
        request().body("{\"username\": \"" + "x".repeat(100_000) + "\"}").post("/admin/users").then().statusCode(413);
        request().body(Map.of("roles", List.of("MEMBER"))).put("/admin/users/" + UUID.randomUUID() + "/roles").then().statusCode(404);
        request().body(Map.of()).put("/admin/users/x/roles").then().statusCode(422);
        // The service is fine afterwards.
        createUser(name, PASSWORD, "MEMBER");
    }

    @Test
    void theRoleMappingDecidesTheNextTokensPermissions() throws Exception {
        String role = "COACH_" + UUID.randomUUID().toString().substring(0, 4).toUpperCase().replace('-', '_');
        request().body(Map.of("permissions", List.of("READ_HORSES", "WRITE_HORSES"))).put("/admin/roles/" + role)
                .then().statusCode(200).body(role, equalTo(List.of("READ_HORSES", "WRITE_HORSES")));
        String name = unique("coach");
        String id = createUser(name, PASSWORD, "GUEST");
        assertEquals(List.of("READ_EVENTS", "READ_MASTERDATA"),
                claims(login(name, PASSWORD).statusCode(200).extract().path("access_token")).getStringListClaimValue("permissions"));

        request().body(Map.of("roles", List.of(role, "GUEST"))).put("/admin/users/" + id + "/roles").then().statusCode(200)
                .body("roles", equalTo(List.of(role, "GUEST")));
        JwtClaims claims = claims(login(name, PASSWORD).statusCode(200).extract().path("access_token"));
        assertEquals(List.of(role, "GUEST"), claims.getStringListClaimValue("roles"));
        assertEquals(List.of("READ_EVENTS", "READ_HORSES", "READ_MASTERDATA", "WRITE_HORSES"),
                claims.getStringListClaimValue("permissions"));

        request().body(Map.of("permissions", List.of("READ_HORSES"))).put("/admin/roles/" + role).then().statusCode(200);
        assertEquals(List.of("READ_EVENTS", "READ_HORSES", "READ_MASTERDATA"),
                claims(login(name, PASSWORD).statusCode(200).extract().path("access_token")).getStringListClaimValue("permissions"));
        request().get("/admin/roles").then().statusCode(200).body(role, equalTo(List.of("READ_HORSES")))
                .body("GUEST", equalTo(List.of("READ_EVENTS", "READ_MASTERDATA")));

        // A change made through another instance (which writes the same hash) reaches this instance's
        // tokens within auth.role-permissions-refresh-interval (0.2 s in tests).
        redis.hash(String.class).hset("auth:role-permissions", role, "READ_HORSES,WRITE_EVENTS");
        List<String> permissions = List.of();
        for (long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos(); System.nanoTime() < deadline
                && !permissions.contains("WRITE_EVENTS"); Thread.sleep(100)) {
            permissions = claims(login(name, PASSWORD).statusCode(200).extract().path("access_token"))
                    .getStringListClaimValue("permissions");
        }
        assertEquals(List.of("READ_EVENTS", "READ_HORSES", "READ_MASTERDATA", "WRITE_EVENTS"), permissions);

        request().body(Map.of("permissions", List.of("read horses"))).put("/admin/roles/" + role).then().statusCode(422);
        request().body(Map.of("permissions", List.of())).put("/admin/roles/lower").then().statusCode(422);
        request().body(Map.of()).put("/admin/roles/" + role).then().statusCode(422);
    }

    @Test
    void disablingAUserEndsItsSessionsAndIsPublished() throws Exception {
        String name = unique("leaver");
        String id = createUser(name, PASSWORD, "MEMBER");
        JsonPath session = login(name, PASSWORD).statusCode(200).extract().jsonPath();
        String access = session.getString("access_token");
        assertTrue(active(access));

        request().header("X-Correlation-ID", "disable-" + id).post("/admin/users/" + id + "/disable").then().statusCode(200)
                .body("enabled", equalTo(false));
        assertFalse(active(access));
        refresh(session.getString("refresh_token")).statusCode(400).body("error", equalTo("invalid_grant"));
        String wrongPassword = login(name, "wrong-password").statusCode(400).extract().path("error_description");
        login(name, PASSWORD).statusCode(400).body("error", equalTo("invalid_grant")).body("error_description", equalTo(wrongPassword));

        List<ConsumerRecord<String, String>> records = TopicReader.read(kafka.bootstrapServers(), Topics.AUTH_REVOCATIONS,
                record -> id.equals(record.key()), found -> !found.isEmpty(), Duration.ofSeconds(15));
        assertEquals(1, records.size());
        assertEquals("at.meldestelle.auth.UserDisabled", TopicReader.header(records.get(0), "ce_type"));
        JsonNode payload = json.readTree(records.get(0).value());
        assertEquals(id, payload.get("sub").asText());
        assertTrue(payload.hasNonNull("disabledAt") && payload.hasNonNull("expiresAt"));

        request().post("/admin/users/" + id + "/enable").then().statusCode(200).body("enabled", equalTo(true));
        login(name, PASSWORD).statusCode(200);
        request().post("/admin/users/" + UUID.randomUUID() + "/disable").then().statusCode(404);
    }

    @Test
    void aPasswordResetEndsTheSessionsAndOnlyTheNewPasswordWorks() {
        String name = unique("forgetful");
        String id = createUser(name, PASSWORD, "MEMBER");
        String access = login(name, PASSWORD).statusCode(200).extract().path("access_token");

        request().body(Map.of("password", "the-new-password")).put("/admin/users/" + id + "/password").then().statusCode(204);
        assertFalse(active(access));
        login(name, PASSWORD).statusCode(400).body("error", equalTo("invalid_grant"));
        login(name, "the-new-password").statusCode(200);
        request().body(Map.of("password", "short")).put("/admin/users/" + id + "/password").then().statusCode(422);
        request().body(Map.of()).put("/admin/users/" + id + "/password").then().statusCode(422);
    }

    @Test
    void adminsListAndEndTheSessionsOfAUser() {
        String name = unique("traveller");
        String id = createUser(name, PASSWORD, "MEMBER");
        JsonPath first = login(name, PASSWORD).statusCode(200).extract().jsonPath();
        JsonPath second = given().auth().preemptive().basic(SecondClient.ID, SecondClient.SECRET).formParam("grant_type", "password")
                .formParam("username", name).formParam("password", PASSWORD).post("/oauth2/token").then().statusCode(200)
                .extract().jsonPath();
        String firstSid = first.getString("refresh_token").split("\\.")[0];

        request().get("/admin/users/" + id + "/sessions").then().statusCode(200).body("$", hasSize(2))
                .body("clientId", equalTo(List.of("test-admin", "other-client")))
                .body("createdAt", hasItem(notNullValue()));

        request().delete("/admin/users/" + id + "/sessions/" + firstSid).then().statusCode(204);
        assertFalse(active(first.getString("access_token")));
        refresh(first.getString("refresh_token")).statusCode(400);
        assertTrue(active(second.getString("access_token")));
        request().get("/admin/users/" + id + "/sessions").then().statusCode(200).body("$", hasSize(1));
        request().delete("/admin/users/" + id + "/sessions/" + firstSid).then().statusCode(404);
        request().delete("/admin/users/" + id + "/sessions/" + UUID.randomUUID()).then().statusCode(404);

        request().delete("/admin/users/" + id + "/sessions").then().statusCode(204);
        assertFalse(active(second.getString("access_token")));
        request().get("/admin/users/" + id + "/sessions").then().statusCode(200).body("$", empty());
    }

    @Test
    void clientsAreMadeWithAGeneratedSecretAndLimitedToTheirGrants() throws Exception {
        String clientId = unique("resource-server");
        JsonPath created = request().body(Map.of("clientId", clientId, "roles", List.of("GUEST"), "grantTypes",
                        List.of("client_credentials"))).post("/admin/clients")
                .then().statusCode(201).header("Location", containsString("/admin/clients/" + clientId))
                .body("client.introspection", equalTo(false)).body("client.enabled", equalTo(true))
                .extract().jsonPath();
        String secret = created.getString("clientSecret");
        assertTrue(secret.length() >= 43);
        JwtClaims claims = claims(Admin.clientToken(clientId, secret));
        assertEquals(List.of("READ_EVENTS", "READ_MASTERDATA"), claims.getStringListClaimValue("permissions"));

        // Grant types and introspection are per client.
        given().auth().preemptive().basic(clientId, secret).formParam("grant_type", "password").formParam("username", "x")
                .formParam("password", "y").post("/oauth2/token").then().statusCode(400).body("error", equalTo("unauthorized_client"));
        given().auth().preemptive().basic(clientId, secret).formParam("token", "x").post("/oauth2/introspect").then()
                .statusCode(403).body("error", equalTo("access_denied"));
        request().body(Map.of("roles", List.of("GUEST"), "grantTypes", List.of("client_credentials"), "introspection", true))
                .put("/admin/clients/" + clientId).then().statusCode(200).body("introspection", equalTo(true));
        given().auth().preemptive().basic(clientId, secret).formParam("token", "x").post("/oauth2/introspect").then()
                .statusCode(200).body("active", equalTo(false));

        // A new secret replaces the old one at once; the secret is never shown again.
        String newSecret = request().post("/admin/clients/" + clientId + "/secret").then().statusCode(200).extract().path("clientSecret");
        given().auth().preemptive().basic(clientId, secret).formParam("grant_type", "client_credentials").post("/oauth2/token")
                .then().statusCode(401);
        Admin.clientToken(clientId, newSecret);
        request().get("/admin/clients/" + clientId).then().statusCode(200).body("clientSecret", nullValue())
                .body("secretHash", nullValue()).body("grantTypes", equalTo(List.of("client_credentials")));
        request().get("/admin/clients").then().statusCode(200).body("clientId", hasItem(clientId)).body("clientId", hasItem("test-admin"));

        request().body(Map.of("enabled", false, "roles", List.of("GUEST"), "grantTypes", List.of("client_credentials")))
                .put("/admin/clients/" + clientId).then().statusCode(200).body("enabled", equalTo(false));
        given().auth().preemptive().basic(clientId, newSecret).formParam("grant_type", "client_credentials").post("/oauth2/token")
                .then().statusCode(401);
        request().delete("/admin/clients/" + clientId).then().statusCode(204);
        request().get("/admin/clients/" + clientId).then().statusCode(404);
        request().delete("/admin/clients/" + clientId).then().statusCode(404);
        // A deleted client does not come back as a fragment through a late change.
        request().body(Map.of("roles", List.of("GUEST"), "grantTypes", List.of("client_credentials")))
                .put("/admin/clients/" + clientId).then().statusCode(404);
        request().post("/admin/clients/" + clientId + "/secret").then().statusCode(404);
        request().get("/admin/clients/" + clientId).then().statusCode(404);
    }

    @Test
    void badClientInputIsA422Or409() {
        String clientId = unique("c");
        request().body(Map.of("clientId", "has:colon", "roles", List.of(), "grantTypes", List.of())).post("/admin/clients")
                .then().statusCode(422).body("detail", containsString("clientId"));
        request().body(Map.of("clientId", clientId, "roles", List.of(), "grantTypes", List.of("implicit"))).post("/admin/clients")
                .then().statusCode(422).body("detail", containsString("implicit"));
        request().body(Map.of("clientId", clientId, "grantTypes", List.of())).post("/admin/clients").then().statusCode(422);
        request().body(Map.of("clientId", clientId, "roles", List.of("NOPE"), "grantTypes", List.of())).post("/admin/clients")
                .then().statusCode(422);
        request().body(Map.of("clientId", "test-admin", "roles", List.of(), "grantTypes", List.of())).post("/admin/clients")
                .then().statusCode(409);
        request().body("{\"clientId\": \"" + clientId + "\", \"roles\": [], \"grantTypes\": [null]}").post("/admin/clients")
                .then().statusCode(422);
        request().body("{\"clientId\": \"" + clientId + "\", \"roles\": [null], \"grantTypes\": []}").post("/admin/clients")
                .then().statusCode(422);
        request().body(Map.of("clientId", clientId, "roles", List.of(), "grantTypes", Collections.nCopies(100, "password")))
                .post("/admin/clients").then().statusCode(422);
    }

    @Test
    void keysAreListedAndRotatedByTheApi() {
        String active = request().get("/admin/keys").then().statusCode(200).body("state", hasItem("active"))
                .extract().path("find { it.state == 'active' }.kid");
        String kid = request().post("/admin/keys/rotate").then().statusCode(200).body("state", equalTo("pending"))
                .extract().path("kid");
        assertNotEquals(active, kid);
        request().get("/admin/keys").then().statusCode(200).body("find { it.kid == '" + kid + "' }.state", equalTo("pending"));
        given().get("/oauth2/jwks").then().statusCode(200).body("keys.kid", hasItem(kid));
    }

    @Test
    void adminChangesAndLoginsGoToTheAuditTopic() throws Exception {
        String name = unique("audited");
        String id = createUser(name, PASSWORD, "MEMBER");
        String secret = request().body(Map.of("clientId", name, "roles", List.of(), "grantTypes", List.of("client_credentials")))
                .post("/admin/clients").then().statusCode(201).extract().path("clientSecret");
        login(name, PASSWORD).statusCode(200);
        login(name, "wrong-password").statusCode(400);

        List<ConsumerRecord<String, String>> records = TopicReader.read(kafka.bootstrapServers(), Topics.AUTH_AUDIT,
                record -> record.value().contains(name) || record.value().contains(id), found -> found.size() >= 4,
                Duration.ofSeconds(15));
        assertFalse(records.stream().anyMatch(record -> record.value().contains(secret)), "a client secret reached the audit trail");
        Map<String, String> byType = records.stream().filter(record -> !record.value().contains("clients/"))
                .collect(Collectors.toMap(record -> TopicReader.header(record, "ce_type"), ConsumerRecord::value));
        assertEquals(Set.of("at.meldestelle.auth.AdminChanged", "at.meldestelle.auth.LoginSucceeded",
                "at.meldestelle.auth.LoginFailed"), byType.keySet());
        JsonNode created = json.readTree(byType.get("at.meldestelle.auth.AdminChanged"));
        assertEquals("create", created.get("operation").asText());
        assertEquals("users/" + id, created.get("resource").asText());
        assertEquals("test-admin", created.get("actor").get("clientId").asText());
        assertFalse(records.stream().anyMatch(record -> record.value().contains(PASSWORD) || record.value().contains("wrong-password")),
                "a password reached the audit trail");
        assertEquals(id, json.readTree(byType.get("at.meldestelle.auth.LoginSucceeded")).get("sub").asText());
        JsonNode failed = json.readTree(byType.get("at.meldestelle.auth.LoginFailed"));
        assertEquals("invalid-credentials", failed.get("reason").asText());
        assertEquals(name, failed.get("username").asText());
        assertTrue(failed.hasNonNull("address"));
    }
}
