package at.meldestelle.infra.auth.admin;

import at.meldestelle.infra.auth.Admin;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static at.meldestelle.infra.auth.Admin.createUser;
import static at.meldestelle.infra.auth.Admin.login;
import static at.meldestelle.infra.auth.Admin.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Admins cannot lock themselves out: the last enabled ADMIN user and the last client to log in through
 * stay; the bootstrap client and the bootstrap admin are retirable once others exist. A profile of its
 * own: a Redis where only the bootstrap admin and client exist.
 */
@QuarkusTest
@TestProfile(LockoutTest.OwnRedis.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class LockoutTest {

    public static class OwnRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.bootstrap.admin-username", "lockout-admin");
        }
    }

    @Test
    void theLastAdminUserAndTheLastLoginClientStay() {
        String bootstrapAdmin = request().queryParam("username", "lockout-admin").get("/admin/users").then().statusCode(200)
                .extract().path("[0].id");
        request().post("/admin/users/" + bootstrapAdmin + "/disable").then().statusCode(409)
                .body("type", containsString("lockout")).body("detail", containsString("last enabled user with role ADMIN"));
        request().body(Map.of("roles", List.of("MEMBER"))).put("/admin/users/" + bootstrapAdmin + "/roles").then().statusCode(409);

        String realAdmin = createUser("real-admin", "real-admin-password", "ADMIN");
        request().post("/admin/users/" + bootstrapAdmin + "/disable").then().statusCode(200);
        request().post("/admin/users/" + realAdmin + "/disable").then().statusCode(409);

        // The bootstrap client is the only client with the password grant.
        request().delete("/admin/clients/" + Admin.CLIENT).then().statusCode(409).body("detail", containsString("password grant"));
        request().body(Map.of("roles", List.of("ADMIN"), "grantTypes", List.of("client_credentials")))
                .put("/admin/clients/" + Admin.CLIENT).then().statusCode(409);
        String secret = request().body(Map.of("clientId", "console", "roles", List.of(), "grantTypes",
                        List.of("password", "refresh_token"))).post("/admin/clients").then().statusCode(201)
                .extract().path("clientSecret");
        String adminToken = given().auth().preemptive().basic("console", secret).formParam("grant_type", "password")
                .formParam("username", "real-admin").formParam("password", "real-admin-password").post("/oauth2/token")
                .then().statusCode(200).extract().path("access_token");

        // Retiring the bootstrap client, as the real admin through the new client.
        given().header("Authorization", "Bearer " + adminToken).delete("/admin/clients/" + Admin.CLIENT).then().statusCode(204);
        login("real-admin", "real-admin-password").statusCode(401);
        given().header("Authorization", "Bearer " + adminToken).get("/admin/clients").then().statusCode(200)
                .body("clientId", equalTo(List.of("console")));
        given().header("Authorization", "Bearer " + adminToken).delete("/admin/clients/console").then().statusCode(409);
    }
}
