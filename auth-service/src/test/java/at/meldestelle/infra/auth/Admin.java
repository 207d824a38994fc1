package at.meldestelle.infra.auth;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Calls of the tests as the bootstrap client (role ADMIN) and as users it creates through the admin API. */
public final class Admin {

    public static final String CLIENT = "test-admin";
    public static final String SECRET = "test-secret";

    private Admin() {
    }

    public static String clientToken(String client, String secret) {
        return given().auth().preemptive().basic(client, secret).formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().statusCode(200).extract().path("access_token");
    }

    /** A request with a fresh ADMIN token of the bootstrap client. */
    public static RequestSpecification request() {
        return given().header("Authorization", "Bearer " + clientToken(CLIENT, SECRET)).contentType(ContentType.JSON);
    }

    /** Creates a user through the admin API; its id. */
    public static String createUser(String username, String password, String... roles) {
        return request().body(Map.of("username", username, "password", password, "roles", List.of(roles)))
                .post("/admin/users").then().statusCode(201).extract().path("id");
    }

    /** A password login through the bootstrap client. */
    public static ValidatableResponse login(String username, String password) {
        return given().auth().preemptive().basic(CLIENT, SECRET).formParam("grant_type", "password")
                .formParam("username", username).formParam("password", password).post("/oauth2/token").then();
    }

    public static ValidatableResponse refresh(String refreshToken) {
        return given().auth().preemptive().basic(CLIENT, SECRET).formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refreshToken).post("/oauth2/token").then();
    }

    public static boolean active(String token) {
        return given().auth().preemptive().basic(CLIENT, SECRET).formParam("token", token).post("/oauth2/introspect")
                .then().statusCode(200).extract().path("active");
    }
}
