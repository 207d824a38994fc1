package at.meldestelle.infra.auth;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class TokenEndpointTest {

    @Test
    void clientCredentialsTokenCarriesTheDesignClaimsAndVerifiesAgainstTheServedJwks() throws Exception {
        String token = given().auth().preemptive().basic("test-admin", "test-secret")
                .formParam("grant_type", "client_credentials")
                .post("/oauth2/token")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(300))
                .extract().path("access_token");

        String jwks = given().get("/oauth2/jwks").then().statusCode(200).extract().asString();
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer("http://localhost:8081")
                .setExpectedAudience("meldestelle-api")
                .setRequireExpirationTime()
                .setRequireJwtId()
                .build();
        JwtClaims claims = consumer.processToClaims(token);

        assertEquals("test-admin", claims.getSubject());
        assertEquals(List.of("ADMIN"), claims.getStringListClaimValue("roles"));
        assertTrue(claims.getStringListClaimValue("permissions").contains("WRITE_EVENTS"));
        assertEquals("service-account-test-admin", claims.getStringClaimValue("preferred_username"));
        assertEquals(300, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertNotNull(claims.getJwtId());
    }

    @Test
    void basicMayBeAccompaniedByTheSameClientIdAndEmptyFieldsCountAsAbsent() {
        given().auth().preemptive().basic("test-admin", "test-secret")
                .formParam("grant_type", "client_credentials").formParam("client_id", "test-admin")
                .formParam("client_secret", "")
                .post("/oauth2/token").then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void clientMayAuthenticateWithFormFields() {
        given().formParam("grant_type", "client_credentials")
                .formParam("client_id", "test-admin").formParam("client_secret", "test-secret")
                .post("/oauth2/token")
                .then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void wrongSecretAndUnknownClientGetTheSameInvalidClientAnswer() {
        JsonPath wrongSecret = given().auth().preemptive().basic("test-admin", "wrong")
                .formParam("grant_type", "client_credentials").post("/oauth2/token")
                .then().statusCode(401).contentType("application/json")
                .header("WWW-Authenticate", equalTo("Basic realm=\"meldestelle\""))
                .body("status", equalTo(401))
                .body("error", equalTo("invalid_client")).extract().jsonPath();
        JsonPath unknown = given().auth().preemptive().basic("nobody", "wrong")
                .formParam("grant_type", "client_credentials").post("/oauth2/token")
                .then().statusCode(401).extract().jsonPath();
        assertEquals(wrongSecret.getString("detail"), unknown.getString("detail"));
    }

    @Test
    void badTokenRequestsAreClearOAuthErrors() {
        given().auth().preemptive().basic("test-admin", "test-secret").formParam("grant_type", "authorization_code")
                .post("/oauth2/token").then().statusCode(400).body("error", equalTo("unsupported_grant_type"))
                .body("error_description", containsString("[client_credentials, password, refresh_token]"));
        given().auth().preemptive().basic("test-admin", "test-secret").formParam("scope", "x")
                .post("/oauth2/token").then().statusCode(400).body("error", equalTo("invalid_request"));
        given().auth().preemptive().basic("test-admin", "test-secret")
                .formParam("grant_type", "client_credentials").formParam("client_secret", "test-secret")
                .post("/oauth2/token").then().statusCode(400).body("error", equalTo("invalid_request"));
        given().auth().preemptive().basic("test-admin", "test-secret")
                .formParam("grant_type", "client_credentials").formParam("client_id", "someone-else")
                .post("/oauth2/token").then().statusCode(400).body("error", equalTo("invalid_request"));
        given().header("Authorization", "Basic %%%").formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        given().contentType("application/json").body("{}").post("/oauth2/token")
                .then().statusCode(415).contentType("application/problem+json");
    }

    private static final HttpClient RAW = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("test-admin:test-secret".getBytes(StandardCharsets.UTF_8));

    @TestHTTPResource("/oauth2/token")
    URI tokenEndpoint;

    /** Sends a body as it is; a hang fails as the client's timeout instead of blocking the run (no timing asserted). */
    private HttpResponse<String> post(String contentType, HttpRequest.BodyPublisher body) throws Exception {
        return RAW.send(HttpRequest.newBuilder(tokenEndpoint).timeout(Duration.ofSeconds(10))
                .header("Authorization", BASIC).header("Content-Type", contentType)
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void invalidRequest(String contentType, String body) throws Exception {
        HttpResponse<String> response = post(contentType, HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(400, response.statusCode(), body.length() > 80 ? body.substring(0, 80) : body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("invalid_request", JsonPath.from(response.body()).getString("error"), response.body());
    }

    private static void nextRequestWorks() {
        given().auth().preemptive().basic("test-admin", "test-secret")
                .formParam("grant_type", "client_credentials").post("/oauth2/token")
                .then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void malformedFormsAreInvalidRequestsAndTheNextRequestWorks() throws Exception {
        String form = "application/x-www-form-urlencoded";
        invalidRequest(form, "%%%");
        invalidRequest(form, "grant_type=client_credentials&x=%zz");
        invalidRequest(form, "grant_type=client_credentials&x=%4");
        invalidRequest(form + "; charset=bogus", "grant_type=client_credentials");
        invalidRequest(form + "; charset=UTF-8", "grant_type=client_credentials&x=%FF%FE");
        invalidRequest(form, "grant_type=client_credentials&grant_type=password");
        invalidRequest(form, "grant_type=client_credentials&x=caf\u00e9");
        invalidRequest(form, "grant_type=password&username=" + "a".repeat(10_000) + "&password=x");
        invalidRequest(form, "a=1&".repeat(40));
        nextRequestWorks();
    }

    @Test
    void bodiesOverTheLimitAre413WithOrWithoutContentLength() throws Exception {
        HttpResponse<String> longField = post("application/x-www-form-urlencoded", HttpRequest.BodyPublishers.ofString(
                "grant_type=password&username=" + "a".repeat(100_000) + "&password=x"));
        assertEquals(413, longField.statusCode(), "a 100,000-character field is over the 64 KiB body limit");

        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        Arrays.fill(tenMegabytes, (byte) 'a');
        HttpResponse<String> sized = post("application/x-www-form-urlencoded", HttpRequest.BodyPublishers.ofByteArray(tenMegabytes));
        assertEquals(413, sized.statusCode());
        assertTrue(sized.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), sized.body());

        HttpResponse<String> chunked;
        try {
            chunked = post("application/x-www-form-urlencoded",
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tenMegabytes)));
            assertEquals(413, chunked.statusCode(), chunked.body());
        } catch (IOException closedWhileSending) {
            // The server may close the connection while the client still streams the rest: refused all the same.
        }
        nextRequestWorks();
    }

    @Test
    void discoveryPointsAtTheServedEndpoints() {
        given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo("http://localhost:8081"))
                .body("jwks_uri", endsWith("/oauth2/jwks"))
                .body("token_endpoint", endsWith("/oauth2/token"))
                .body("grant_types_supported", hasItem("client_credentials"));
    }

    @Test
    void readinessReflectsRedis() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("Redis connection health check"));
    }
}
