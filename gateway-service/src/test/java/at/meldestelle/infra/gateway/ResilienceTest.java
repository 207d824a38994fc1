package at.meldestelle.infra.gateway;

import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TestIssuer;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Balancing, retries and circuit breaking against real upstream HTTP servers. */
@QuarkusTest
@WithTestResource(TestIssuer.class)
@WithTestResource(EchoUpstream.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class ResilienceTest {

    @TestHTTPResource("/")
    URL gateway;

    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    private String management() {
        return "http://localhost:" + managementUrl.getPort();
    }

    @Test
    void idempotentRequestsNeverFailWhileOneOfThreeInstancesDiesUnderLoad() throws Exception {
        Map<Integer, AtomicInteger> served = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        AtomicInteger sent = new AtomicInteger();
        try {
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                results.add(clients.submit(() -> {
                    if (sent.incrementAndGet() == 150) {
                        EchoUpstream.instance(2).stop(0); // dies mid-load
                    }
                    var response = given().get("/api/multi/things/1");
                    if (response.statusCode() == 200) {
                        served.computeIfAbsent(response.jsonPath().getInt("instance"), k -> new AtomicInteger()).incrementAndGet();
                    }
                    return response.statusCode();
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(200, result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
            EchoUpstream.revive(2);
        }
        assertEquals(Set.of(0, 1, 2), served.keySet(), "all three instances took requests: " + served);
        assertTrue(served.get(0).get() > 100 && served.get(1).get() > 100, "the living instances took the rest: " + served);
    }

    @Test
    void onlyIdempotentRequestsWithoutABodyAreRetried() {
        given().get("/api/multi/status/502").then().statusCode(502);
        assertEquals(3, EchoUpstream.received("GET /status/502"), "one attempt and the route's 2 retries");
        given().body("x").post("/api/multi/status/502").then().statusCode(502);
        assertEquals(1, EchoUpstream.received("POST /status/502"));
        given().body("x").put("/api/multi/status/504").then().statusCode(504);
        assertEquals(1, EchoUpstream.received("PUT /status/504"), "a PUT with a body cannot be sent again");
    }

    @Test
    void anUpstreamsOwn503IsPassedOnNeitherRetriedNorHeldAgainstIt() {
        for (int i = 0; i < 15; i++) {
            given().get("/api/multi/status/503").then().statusCode(503).body("instance", org.hamcrest.Matchers.notNullValue());
        }
        assertEquals(15, EchoUpstream.received("GET /status/503"));
        given().get("/api/multi/things/after-503").then().statusCode(200);
    }

    @Test
    void clientsThatAbortTheirUploadsDoNotOpenTheCircuit() throws Exception {
        for (int i = 0; i < 15; i++) {
            try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), gateway.getPort())) {
                socket.getOutputStream().write(("POST /api/multi/upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n0123456789")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(50);
            }
        }
        // Asserted before any other request: a trial request could otherwise close a circuit the aborts opened.
        given().baseUri(management()).get("/q/metrics").then()
                .body(containsString("gateway_circuit_state{upstream=\"multi-service\"} 0.0"));
        given().get("/api/multi/things/after-aborts").then().statusCode(200);
    }

    @Test
    void clientsThatLeaveBeforeTheAnswerCountNeitherForEjectionNorForTheCircuit() throws Exception {
        double ejections = ejections();
        for (int i = 0; i < 15; i++) {
            try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), gateway.getPort())) {
                socket.getOutputStream().write(("GET /api/multi/delay/" + i + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(50);
            }
        }
        Thread.sleep(400); // the upstream answers each within 300 ms: every request above has ended by now
        // Each reached an upstream at most once (none at all if it left before the gateway sent it on): none was retried.
        for (int i = 0; i < 15; i++) {
            assertTrue(EchoUpstream.received("GET /delay/" + i) <= 1, "request " + i + " was sent again");
        }
        assertTrue(java.util.stream.IntStream.range(0, 15).map(i -> EchoUpstream.received("GET /delay/" + i)).sum() > 0);
        // Asserted before any other request: a trial request could otherwise close a circuit that opened.
        given().baseUri(management()).get("/q/metrics").then()
                .body(containsString("gateway_circuit_state{upstream=\"multi-service\"} 0.0"));
        // Five departures per instance would each have left it out (consecutive-failures 5 in the tests).
        assertEquals(ejections, ejections(), "no instance was left out");
        given().get("/api/multi/things/after-departures").then().statusCode(200);
    }

    private double ejections() {
        return given().baseUri(management()).get("/q/metrics").then().extract().asString().lines()
                .filter(line -> line.startsWith("gateway_instance_ejections_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresHalfOpensAndClosesWhenTheUpstreamIsBack() throws Exception {
        int failures = 0;
        int status = 0;
        for (int i = 0; i < 20 && status != 503; i++) {
            status = given().get("/api/dead/things/1").then().extract().statusCode();
            failures += status == 502 ? 1 : 0;
        }
        assertEquals(503, status);
        assertEquals(10, failures, "502s before the circuit opened (failure-threshold 10 in the tests)");
        given().get("/api/dead/things/1").then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("https://meldestelle.at/problems/circuit-open"))
                .body("route", equalTo("dead"));
        given().baseUri(management()).get("/q/metrics").then()
                .body(containsString("gateway_circuit_state{upstream=\"dead-service\"} 2.0"));

        HttpServer revived = EchoUpstream.serve(EchoUpstream.deadPort());
        try {
            Thread.sleep(1_200); // reset-timeout is 1 s in the tests
            given().get("/api/dead/things/1").then().statusCode(200);
            given().get("/api/dead/things/2").then().statusCode(200);
            given().baseUri(management()).get("/q/metrics").then()
                    .body(containsString("gateway_circuit_state{upstream=\"dead-service\"} 0.0"));
        } finally {
            revived.stop(0);
        }
    }
}
