package at.meldestelle.infra.cache;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TestIssuer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Zero trust behind the gateway: cache-service verifies the bearer token itself (against the
 * issuer's JWKS over real HTTP) and allows each operation by the token's permissions, whoever
 * reaches its port. Identity headers count for nothing. The TestIssuer is global: every test of
 * this module runs against it (the others call as ADMIN through AdminRequests).
 */
@QuarkusTest
@WithTestResource(value = TestIssuer.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(RedisTestResource.class)
@WithTestResource(KafkaTestResource.class)
class ZeroTrustTest {

    private static RequestSpecification as(List<String> roles, List<String> permissions) {
        return given().auth().oauth2(TestIssuer.token("caller-" + UUID.randomUUID(), roles, permissions));
    }

    @Test
    void aCallWithoutAValidTokenIs401WhateverHeadersItCarries() {
        given().get("/caches/members/entries/k").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer")).contentType("application/problem+json");
        given().header("X-User-Id", "admin").header("X-User-Roles", "ADMIN").body("v")
                .put("/caches/members/entries/k").then().statusCode(401);
        given().auth().oauth2(TestIssuer.tokenWithForeignKey("mallory")).get("/caches/members/entries/k").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void eachOperationNeedsItsPermissionAndAdminMayDoAll() {
        String key = "member:" + UUID.randomUUID();
        String entry = "/caches/members/entries/" + key;
        as(List.of("MEMBER"), List.of("CACHE_READ")).body("v").put(entry).then().statusCode(403).contentType("application/problem+json");
        as(List.of("MEMBER"), List.of("CACHE_WRITE")).body("v").put(entry).then().statusCode(204);
        as(List.of("MEMBER"), List.of("CACHE_WRITE")).get(entry).then().statusCode(403);
        as(List.of("MEMBER"), List.of("CACHE_READ")).get(entry).then().statusCode(200).body(equalTo("v"));
        as(List.of("MEMBER"), List.of("CACHE_READ", "CACHE_WRITE")).header("X-User-Roles", "ADMIN")
                .delete("/caches/members").then().statusCode(403);
        as(List.of("TRAINER"), List.of("CACHE_ADMIN")).get("/caches/members/stats").then().statusCode(200);
        as(List.of("ADMIN"), List.of()).delete(entry).then().statusCode(204);
    }
}
