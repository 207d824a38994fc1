package at.meldestelle.infra.eventstore;

import at.meldestelle.infra.eventstore.subscription.SseClient;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TestIssuer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Zero trust behind the gateway: the event store verifies the bearer token itself (against the
 * issuer's JWKS over real HTTP) and allows each operation by the token's permissions, whoever
 * reaches its port. Identity headers count for nothing. The TestIssuer is global: every test of
 * this module runs against it (the others call as ADMIN through AdminRequests).
 */
@QuarkusTest
@WithTestResource(value = TestIssuer.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class ZeroTrustTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URL base;

    private static RequestSpecification as(List<String> roles, List<String> permissions) {
        return given().auth().oauth2(TestIssuer.token("caller-" + UUID.randomUUID(), roles, permissions));
    }

    private static String append(String stream) {
        return "{\"events\":[{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"MemberRegistered\",\"data\":{}}]}";
    }

    @Test
    void aCallWithoutAValidTokenIs401WhateverHeadersItCarries() {
        given().get("/streams/member-1/events").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer")).contentType("application/problem+json");
        given().header("X-User-Id", "admin").header("X-User-Roles", "ADMIN").header("X-User-Permissions", "EVENTSTORE_READ")
                .get("/streams/member-1/events").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/streams/member-1/events").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\"")).contentType("application/problem+json");
        given().auth().oauth2(TestIssuer.tokenWithForeignKey("mallory")).contentType(ContentType.JSON).body(append("member-1"))
                .post("/streams/member-1/events").then().statusCode(401);
        // Health and metrics stay open to probes and scrapers.
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void eachOperationNeedsItsPermissionAndAdminMayDoAll() {
        String stream = "member-" + UUID.randomUUID();
        List<String> none = List.of();
        as(List.of("MEMBER"), List.of("EVENTSTORE_READ")).contentType(ContentType.JSON).body(append(stream))
                .post("/streams/{s}/events", stream).then().statusCode(403).contentType("application/problem+json");
        as(List.of("MEMBER"), List.of("EVENTSTORE_APPEND")).contentType(ContentType.JSON).body(append(stream))
                .post("/streams/{s}/events", stream).then().statusCode(201);
        as(List.of("MEMBER"), List.of("EVENTSTORE_APPEND")).get("/streams/{s}/events", stream).then().statusCode(403);
        as(List.of("MEMBER"), List.of("EVENTSTORE_READ")).get("/streams/{s}/events", stream).then().statusCode(200)
                .body("[0].version", equalTo(1));
        // Identity headers do not raise a caller's rights.
        as(List.of("MEMBER"), List.of("EVENTSTORE_READ", "EVENTSTORE_APPEND")).header("X-User-Roles", "ADMIN")
                .header("X-User-Permissions", "EVENTSTORE_ADMIN")
                .delete("/streams/{s}", stream).then().statusCode(403);
        as(List.of("MEMBER"), none).get("/streams/{s}", stream).then().statusCode(403);
        as(List.of("TRAINER"), List.of("EVENTSTORE_ADMIN")).delete("/streams/{s}", stream).then().statusCode(204);
        as(List.of("ADMIN"), none).contentType(ContentType.JSON).body(append(stream))
                .post("/streams/{s}/events", stream).then().statusCode(201);
        as(List.of("ADMIN"), none).get("/streams/{s}", stream).then().statusCode(200).body("version", equalTo(2));
    }

    @Test
    void consumingAPersistentSubscriptionNeedsItsOwnPermission() {
        String group = "g-" + UUID.randomUUID();
        as(List.of("ADMIN"), List.of()).contentType(ContentType.JSON).body("{\"category\":\"member\"}")
                .put("/subscriptions/{g}", group).then().statusCode(201);
        as(List.of("MEMBER"), List.of("EVENTSTORE_READ")).queryParam("consumer", "c1")
                .post("/subscriptions/{g}/read", group).then().statusCode(403);
        as(List.of("MEMBER"), List.of("EVENTSTORE_READ")).get("/subscriptions/{g}", group).then().statusCode(200);
        as(List.of("MEMBER"), List.of("EVENTSTORE_CONSUME")).queryParam("consumer", "c1")
                .post("/subscriptions/{g}/read", group).then().statusCode(200);
        as(List.of("MEMBER"), List.of("EVENTSTORE_CONSUME")).delete("/subscriptions/{g}", group).then().statusCode(403);
    }

    @Test
    void aScopeClaimGrantsNoOperation() {
        // quarkus-oidc turns "scope" into permissions named like the operations; they must not count.
        org.jose4j.jwt.JwtClaims claims = TestIssuer.claims("scoped", List.of("MEMBER"), List.of());
        claims.setClaim("scope", "eventstore.read eventstore.admin eventstore.append");
        String token = TestIssuer.sign(claims);
        given().auth().oauth2(token).get("/streams/member-1/events").then().statusCode(403);
        given().auth().oauth2(token).delete("/streams/member-1").then().statusCode(403);
    }

    @Test
    void subscriptionsNeedTheReadPermissionToo() throws Exception {
        for (String path : List.of("streams/member-2/subscribe", "categories/member/subscribe")) {
            HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode(), path);
            assertEquals("Bearer", anonymous.headers().firstValue("WWW-Authenticate").orElse(""), path);
            HttpResponse<InputStream> forged = SseClient.connect(URI.create(base + path), Map.of("Authorization", "Bearer x.y.z"))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(401, forged.statusCode(), path);
            forged.body().close();
            HttpResponse<InputStream> writer = SseClient.connect(URI.create(base + path), Map.of("Authorization", "Bearer "
                    + TestIssuer.token("writer", List.of("MEMBER"), List.of("EVENTSTORE_APPEND")))).get(10, TimeUnit.SECONDS);
            assertEquals(403, writer.statusCode(), path);
            writer.body().close();
        }
        URI uri = URI.create(base + "streams/member-2/subscribe");
        HttpResponse<InputStream> writer = SseClient.connect(uri, Map.of("Authorization", "Bearer "
                + TestIssuer.token("writer", List.of("MEMBER"), List.of("EVENTSTORE_APPEND")))).get(10, TimeUnit.SECONDS);
        assertEquals(403, writer.statusCode());
        assertEquals("application/problem+json", writer.headers().firstValue("Content-Type").orElse(""));
        writer.body().close();
        try (SseClient reader = SseClient.open(uri, Map.of("Authorization", "Bearer "
                + TestIssuer.token("reader", List.of("MEMBER"), List.of("EVENTSTORE_READ"))))) {
            assertEquals(200, reader.status());
        }
    }
}
