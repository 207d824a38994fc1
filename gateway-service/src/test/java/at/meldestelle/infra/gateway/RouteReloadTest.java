package at.meldestelle.infra.gateway;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Routes from a file that changes while the gateway runs (routing.RoutesReloader): a valid change
 * takes effect without a restart, an invalid one is refused whole and the routes in force stay.
 */
@QuarkusTest
@WithTestResource(TestIssuer.class)
@WithTestResource(EchoUpstream.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(RoutesFileResource.class)
class RouteReloadTest {

    private static final String SECOND = """
            gateway:
              routes:
                - id: second
                  path: /api/second/**
                  upstream: eventstore-service
                  strip-prefix: 1
                  public: true
                  timeout: 5s
                  rate-limit: {capacity: 50, refill-per-second: 10, key: ip}
                - id: versioned
                  path: /api/v2/members/**
                  upstream: eventstore-service
                  strip-prefix: 3
                  prefix-path: /members/v2
                  public: true
            """;

    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    private String management() {
        return "http://localhost:" + managementUrl.getPort();
    }

    private static String admin() {
        return TestIssuer.token("client-1", List.of("ADMIN"), List.of());
    }

    @Test
    void aChangedFileTakesEffectWithoutARestartAndABadOneIsRefusedWhole() {
        // The file's routes replace application.yaml's: /api/eventstore is not routed.
        given().get("/api/first/streams/a").then().statusCode(200).body("uri", equalTo("/streams/a"));
        given().auth().oauth2(admin()).get("/api/eventstore/streams/a").then().statusCode(404);

        RoutesFileResource.write(SECOND);
        awaitStatus("/api/second/streams/b", 200);
        given().get("/api/second/streams/b").then().body("uri", equalTo("/second/streams/b"))
                .header("RateLimit-Limit", equalTo("50"));
        given().get("/api/first/streams/a").then().statusCode(404);
        given().get("/api/v2/members/7").then().statusCode(200).body("uri", equalTo("/members/v2/7"));
        given().get("/api/v2/members/q/metrics").then().statusCode(404);

        for (String bad : List.of(
                "gateway:\n  routes:\n    - id: x\n      path: /api/x/**\n      upstream: nobody-knows-me\n",
                "gateway:\n  routes:\n    - id: x\n      path: api/x\n      upstream: eventstore-service\n",
                "gateway:\n  routes:\n    - id: x\n      path: /api/x/**\n      upstream: eventstore-service\n      timeout: soon\n",
                "gateway:\n  max-body-size: 1G\n  routes: []\n",
                "gateway:\n  routes:\n    - id: x\n      path: /x/**\n      upstream: eventstore-service\n      prefix-path: /q/x\n",
                "gateway:\n  routes:\n    - id: x\n      path: /x/**\n      upstream: eventstore-service\n      prefix-path: /a/../q\n",
                "gateway:\n  routes:\n    - id: x\n      path: /a/**\n      upstream: eventstore-service\n    - id: x\n      path: /b/**\n      upstream: eventstore-service\n",
                "gateway: [routes: {\n")) {
            RoutesFileResource.write(bad);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(admin()).baseUri(management())
                    .get("/q/gateway/routes").then().statusCode(200)
                    .body("routesFile.lastChange.applied", equalTo(false)));
            given().get("/api/second/streams/b").then().statusCode(200);
            RoutesFileResource.write(SECOND + "# applied again\n");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(admin()).baseUri(management())
                    .get("/q/gateway/routes").then().body("routesFile.lastChange.applied", equalTo(true)));
        }
        given().baseUri(management()).get("/q/metrics").then()
                .body(containsString("gateway_route_reloads_total{outcome=\"refused\"} 8.0"));
    }

    @Test
    void theRouteListIsForAdminsOnlyWhileHealthAndMetricsStayOpen() {
        given().baseUri(management()).get("/q/gateway/routes").then().statusCode(401);
        given().baseUri(management()).auth().oauth2(TestIssuer.token("client-2", List.of("USER"), List.of()))
                .get("/q/gateway/routes").then().statusCode(403);
        given().baseUri(management()).auth().oauth2(TestIssuer.tokenWithForeignKey("client-3"))
                .get("/q/gateway/routes").then().statusCode(401);
        given().baseUri(management()).auth().oauth2(admin()).get("/q/gateway/routes").then().statusCode(200)
                .body("routesFile.path", containsString("routes.yaml"));
        given().baseUri(management()).get("/q/health/live").then().statusCode(200);
        given().baseUri(management()).get("/q/metrics").then().statusCode(200);
    }

    private static void awaitStatus(String path, int status) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().get(path).then().statusCode(status));
    }
}
