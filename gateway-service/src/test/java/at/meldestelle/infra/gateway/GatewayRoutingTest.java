package at.meldestelle.infra.gateway;

import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TestIssuer;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(TestIssuer.class)
@WithTestResource(EchoUpstream.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class GatewayRoutingTest {

    private static String adminToken() {
        return TestIssuer.token("client-42", List.of("ADMIN"), List.of("WRITE_EVENTS", "READ_HORSES"));
    }

    @Test
    void routesWithStrippedPrefixAndTellsTheUpstreamWhoCalls() {
        given().auth().oauth2(adminToken())
                .header("X-User-Id", "forged").header("X-User-Roles", "ADMIN")
                .header("X-Correlation-ID", "corr-7")
                .queryParam("from", 3)
                .get("/api/eventstore/streams/member-1/events")
                .then().statusCode(200)
                .header("X-Correlation-ID", equalTo("corr-7"))
                .body("method", equalTo("GET"))
                .body("uri", equalTo("/streams/member-1/events?from=3"))
                .body("headers.x-user-id", equalTo("client-42"))
                .body("headers.x-user-roles", equalTo("ADMIN"))
                .body("headers.x-user-permissions", equalTo("WRITE_EVENTS,READ_HORSES"))
                .body("headers.x-correlation-id", equalTo("corr-7"))
                .body("headers.authorization", startsWith("Bearer "))
                .body("headers.x-forwarded-prefix", equalTo("/api/eventstore"))
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"));
    }

    @Test
    void streamsRequestBodiesToTheUpstream() {
        byte[] body = new byte[300_000];
        given().auth().oauth2(adminToken()).contentType("application/octet-stream").body(body)
                .post("/api/cache/caches/c/entries/k")
                .then().statusCode(200).body("method", equalTo("POST")).body("bodyBytes", equalTo(body.length))
                .body("uri", equalTo("/caches/c/entries/k"));
    }

    @Test
    void createsACorrelationIdWhenTheCallerSentNone() {
        given().auth().oauth2(adminToken()).get("/api/eventstore/streams/x/events")
                .then().statusCode(200)
                .header("X-Correlation-ID", matchesPattern("[0-9a-f-]{36}"))
                .body("headers.x-correlation-id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void missingTokenIs401WithABearerChallenge() {
        given().get("/api/eventstore/streams/x/events")
                .then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .contentType("application/problem+json")
                .body("status", equalTo(401));
    }

    @Test
    void badTokensAre401() {
        given().auth().oauth2("not-a-jwt").get("/api/eventstore/streams/x/events")
                .then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""))
                .contentType("application/problem+json");
        given().auth().oauth2(TestIssuer.tokenWithForeignKey("mallory")).get("/api/eventstore/streams/x/events")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void wrongRoleIs403() {
        given().auth().oauth2(TestIssuer.token("member-1", List.of("MEMBER"), List.of()))
                .get("/api/eventstore/streams/x/events")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("Route eventstore needs one of the roles [ADMIN]."));
    }

    @Test
    void publicRouteNeedsNoTokenAndAnUnreachableUpstreamIsA502Problem() {
        given().formParam("grant_type", "client_credentials").post("/api/auth/oauth2/token")
                .then().statusCode(502).contentType("application/problem+json")
                .body("type", equalTo("https://meldestelle.at/problems/upstream-failed"))
                .body("route", equalTo("auth"));
    }

    @Test
    void slowUpstreamIsA504Problem() {
        try {
            given().auth().oauth2(adminToken()).get("/api/cache/slow")
                    .then().statusCode(504).contentType("application/problem+json")
                    .body("type", equalTo("https://meldestelle.at/problems/upstream-timeout"));
        } finally {
            EchoUpstream.releaseSlow();
        }
    }

    @Test
    void locationOfTheUpstreamIsRewrittenToTheGateway() {
        given().auth().oauth2(adminToken()).redirects().follow(false).post("/api/cache/created")
                .then().statusCode(201)
                .header("Location", matchesPattern("http://localhost:\\d+/api/cache/created/42\\?x=1"));
    }

    @Test
    void clientsCannotForgeForwardingHeaders() {
        given().auth().oauth2(adminToken())
                .header("Forwarded", "for=6.6.6.6;host=evil.example")
                .header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Prefix", "/evil")
                .get("/api/eventstore/streams/x/events")
                .then().statusCode(200)
                .body("headers.forwarded", nullValue())
                .body("headers.x-forwarded-host", matchesPattern("localhost:\\d+"))
                .body("headers.x-forwarded-prefix", equalTo("/api/eventstore"));
    }

    @Test
    void dotSegmentsAndUpstreamManagementEndpointsAreRefused() {
        given().auth().oauth2(adminToken()).urlEncodingEnabled(false).get("/api/cache/a/%2e%2e/b")
                .then().statusCode(400).contentType("application/problem+json");
        given().get("/api/auth/q/metrics").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(adminToken()).get("/api/eventstore/q/health")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void unknownPathIs404Problem() {
        given().get("/nowhere").then().statusCode(404).contentType("application/problem+json");
    }
}
