package at.meldestelle.infra.auth;

import at.meldestelle.infra.shared.testing.FreePorts;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClientConfigBuilder;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.oidc.client.runtime.OidcClientConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * quarkus-oidc-client, an OIDC client that knows nothing of this service but its issuer URL, finds
 * the endpoints by discovery and gets and uses tokens with every grant: client_credentials (and
 * revokes the token), password and refresh_token (and is caught reusing a rotated refresh token). The issuer must
 * be the URL the service is reached at, so this class runs on a port chosen up front.
 */
@QuarkusTest
@TestProfile(StandardOidcClientTest.IssuerOnItsOwnPort.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class StandardOidcClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    public static class IssuerOnItsOwnPort implements QuarkusTestProfile {
        private static final int PORT = FreePorts.next();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", Integer.toString(PORT), "auth.issuer", "http://localhost:" + PORT);
        }
    }

    private final OidcClients clients;

    StandardOidcClientTest(OidcClients clients) {
        this.clients = clients;
    }

    @Test
    void aStandardClientDiscoversTheProviderGetsATokenAndRevokesIt() {
        String issuer = ConfigProvider.getConfig().getValue("auth.issuer", String.class);
        OidcClientConfig config = new OidcClientConfigBuilder().id("standard").authServerUrl(issuer)
                .clientId("test-admin").credentials("test-secret")
                .grant(OidcClientConfig.Grant.Type.CLIENT).build();
        OidcClient client = clients.newClient(config).await().atMost(WAIT);

        Tokens tokens = client.getTokens().await().atMost(WAIT);
        assertNotNull(tokens.getAccessToken());
        assertTrue(tokens.getAccessTokenExpiresAt() > System.currentTimeMillis() / 1000);
        introspect(tokens.getAccessToken()).body("active", equalTo(true)).body("client_id", equalTo("test-admin"));

        assertTrue(client.revokeAccessToken(tokens.getAccessToken()).await().atMost(WAIT), "revoked through the discovered endpoint");
        introspect(tokens.getAccessToken()).body("active", equalTo(false));
    }

    @Test
    void aStandardClientLogsAUserInRefreshesAndIsCaughtReusingARefreshToken() {
        String issuer = ConfigProvider.getConfig().getValue("auth.issuer", String.class);
        OidcClientConfig config = new OidcClientConfigBuilder().id("standard-password").authServerUrl(issuer)
                .clientId("test-admin").credentials("test-secret")
                .grant(OidcClientConfig.Grant.Type.PASSWORD)
                .grantOptions("password", Map.of("username", "test-admin-user", "password", "test-admin-password"))
                .build();
        OidcClient client = clients.newClient(config).await().atMost(WAIT);

        Tokens login = client.getTokens().await().atMost(WAIT);
        assertNotNull(login.getRefreshToken());
        given().header("Authorization", "Bearer " + login.getAccessToken()).get("/oauth2/userinfo").then().statusCode(200)
                .body("preferred_username", equalTo("test-admin-user"));

        Tokens refreshed = client.refreshTokens(login.getRefreshToken()).await().atMost(WAIT);
        assertNotEquals(login.getRefreshToken(), refreshed.getRefreshToken());
        introspect(refreshed.getAccessToken()).body("active", equalTo(true)).body("sid", notNullValue());

        // The rotated-out refresh token again: the client library gets the error, and the session ends.
        assertThrows(RuntimeException.class, () -> client.refreshTokens(login.getRefreshToken()).await().atMost(WAIT));
        introspect(refreshed.getAccessToken()).body("active", equalTo(false));
    }

    private static io.restassured.response.ValidatableResponse introspect(String token) {
        return given().auth().preemptive().basic("test-admin", "test-secret").formParam("token", token)
                .post("/oauth2/introspect").then().statusCode(200);
    }
}
