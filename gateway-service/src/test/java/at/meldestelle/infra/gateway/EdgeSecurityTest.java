package at.meldestelle.infra.gateway;

import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TestIssuer;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edge against hostile requests, each asserted on what the client and the upstream see. */
@QuarkusTest
@WithTestResource(TestIssuer.class)
@WithTestResource(EchoUpstream.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class EdgeSecurityTest {

    @TestHTTPResource("/")
    URL gateway;

    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    private String management() {
        return "http://localhost:" + managementUrl.getPort();
    }

    private static String adminToken() {
        return TestIssuer.token("client-42", List.of("ADMIN"), List.of("WRITE_EVENTS"));
    }

    @Test
    void managementEndpointsOfUpstreamsStayClosedHoweverThePathIsSpelled() {
        for (String path : List.of("/api/auth/q/metrics", "/api/auth/%71/metrics", "/api/auth/%71/openapi",
                "/api/auth//q/metrics", "/api/auth/q;x/metrics", "/api/auth/Q/../q/metrics")) {
            int expected = path.contains("..") ? 400 : 404;
            given().urlEncodingEnabled(false).get(path).then().statusCode(expected).contentType("application/problem+json");
        }
        given().auth().oauth2(adminToken()).urlEncodingEnabled(false).get("/api/eventstore/%71/health")
                .then().statusCode(404);
    }

    @Test
    void theUpstreamGetsExactlyTheNormalisedPathTheGatewayDecidedOn() throws Exception {
        String response = RawHttp.send(gateway.getPort(), "GET /api/eventstore//streams///x/%7e%41bc%2fd%3B;v=1?q=%20a HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + adminToken(), new byte[0]);
        assertEquals(200, RawHttp.status(response), response);
        assertTrue(response.contains("\"uri\":\"/streams/x/~Abc%2Fd%3B;v=1?q=%20a\""), response);
    }

    @Test
    void malformedOrDangerousPathsAre400() throws Exception {
        int port = gateway.getPort();
        for (String target : List.of("/api/cache/a/%2e%2E/b", "/api/cache/a%zz", "/api/cache/a%0a", "/api/cache/a%00b",
                "/api/cache/a%2", "/api/cache/%E0%A4%A", "/api/cache/a\\..\\b", "/api/cache/\u00e4", "/api/cache/a%7fb")) {
            String response = RawHttp.send(port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + adminToken(), new byte[0]);
            assertEquals(400, RawHttp.status(response), response);
        }
    }

    @Test
    void http10TraceAndUnknownMethodsAreRefused() throws Exception {
        int port = gateway.getPort();
        assertEquals(505, RawHttp.status(RawHttp.send(port, "GET /api/auth/x HTTP/1.0\r\nHost: localhost", new byte[0])));
        assertEquals(405, RawHttp.status(RawHttp.send(port, "TRACE /api/auth/x HTTP/1.1\r\nHost: localhost", new byte[0])));
        assertEquals(501, RawHttp.status(RawHttp.send(port, "FOO /api/auth/x HTTP/1.1\r\nHost: localhost", new byte[0])));
        assertEquals(400, RawHttp.status(RawHttp.send(port, "GET /api/auth/x/..;/q/health HTTP/1.1\r\nHost: localhost", new byte[0])));
    }

    @Test
    void connectionCannotNameTheBodysOwnHeaders() throws Exception {
        String response = RawHttp.send(gateway.getPort(), "POST /api/cache/caches/c/entries/k HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + adminToken() + "\r\nConnection: Content-Length, Authorization\r\nContent-Length: 5",
                "hello".getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, RawHttp.status(response), response);
        assertTrue(response.contains("\"bodyBytes\":5"), response);
    }

    @Test
    void anUploadThatStopsIs408AndTheConnectionClosed() throws Exception {
        // Route cache: idle-timeout 3 s in the tests. Five of ten promised bytes, then nothing.
        String response = RawHttp.sendWithoutClosing(gateway.getPort(), "PUT /api/cache/caches/c/entries/stalled HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + adminToken() + "\r\nContent-Length: 10", "12345".getBytes(StandardCharsets.US_ASCII));
        assertEquals(408, RawHttp.status(response), response);
    }

    @Test
    void aBodyOverTheLimitEndsTheConnection() throws Exception {
        // Half a body sent and the rest never: the gateway answers and closes; it does not wait for the rest.
        String response = RawHttp.sendWithoutClosing(gateway.getPort(), "POST /api/cache/caches/c/entries/k HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + adminToken() + "\r\nTransfer-Encoding: chunked",
                ("100000\r\n" + "x".repeat(0x100000) + "\r\n100000\r\n" + "x".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(413, RawHttp.status(response), response);
    }

    @Test
    void identityHeadersInAnySpellingAreReplacedByTheTokensIdentity() {
        Response response = given().auth().oauth2(adminToken())
                .header("X_User_Id", "admin").header("X-USER-ID", "admin").header("x-user-roles", "ADMIN")
                .header("X-User-Extra", "forged").header("X_Forwarded_For", "6.6.6.6")
                .get("/api/eventstore/streams/x/events");
        response.then().statusCode(200)
                .body("headers.x-user-id", equalTo("client-42"))
                .body("headers.x-user-roles", equalTo("ADMIN"))
                .body("headers.x-user-extra", nullValue());
        String headers = response.jsonPath().getMap("headers").keySet().toString();
        assertFalse(headers.contains("_"), headers);
    }

    @Test
    void forwardingHeadersAreTheGatewaysOwn() {
        given().auth().oauth2(adminToken())
                .header("X-Forwarded-For", "6.6.6.6").header("X-Real-IP", "6.6.6.6").header("X-Forwarded-Port", "1")
                .header("X-Forwarded-Proto", "gopher").header("Forwarded", "for=6.6.6.6")
                .get("/api/eventstore/streams/x/events")
                .then().statusCode(200)
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"))
                .body("headers.x-real-ip", equalTo("127.0.0.1"))
                .body("headers.x-forwarded-port", equalTo(Integer.toString(gateway.getPort())))
                .body("headers.x-forwarded-proto", equalTo("http"))
                .body("headers.forwarded", nullValue());
    }

    @Test
    void anAbsoluteFormTargetIsForwardedAsItsPathOnly() throws Exception {
        String response = RawHttp.send(gateway.getPort(), "GET http://evil.example/api/eventstore/streams/x/events?a=1 HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + adminToken(), new byte[0]);
        assertEquals(200, RawHttp.status(response), response);
        assertTrue(response.contains("\"uri\":\"/streams/x/events?a=1\""), response);
    }

    @Test
    void headersNamedInConnectionAreNotPassedOn() throws Exception {
        String response = RawHttp.send(gateway.getPort(), "GET /api/eventstore/streams/x/events HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + adminToken() + "\r\nConnection: X-Secret, keep-alive\r\nX-Secret: s3cret", new byte[0]);
        assertEquals(200, RawHttp.status(response), response);
        assertFalse(response.contains("x-secret"), response);
    }

    @Test
    void hopByHopHeadersOfAnAnswerEndAtTheGateway() {
        io.restassured.response.Response response = given().auth().oauth2(adminToken()).get("/api/eventstore/connection-listed");
        assertEquals(200, response.statusCode());
        for (String hopByHop : List.of("X-Internal-Debug", "Connection", "Keep-Alive", "Proxy-Authenticate")) {
            assertEquals(null, response.header(hopByHop), hopByHop + " in " + response.headers());
        }
    }

    @Test
    void malformedQueriesAre400() throws Exception {
        // Vert.x refuses a malformed escape itself (a bare 400); what it lets through, the gateway refuses.
        String problem = RawHttp.send(gateway.getPort(), "GET /api/eventstore/streams/x/events?a=b#c HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + adminToken(), new byte[0]);
        assertTrue(problem.startsWith("HTTP/1.1 400") && problem.contains("application/problem+json")
                && problem.contains("The query must percent-encode"), problem);
        for (String query : List.of("a=%zz", "a=%C3%A4%", "a=\u00e4")) {
            String response = RawHttp.send(gateway.getPort(), "GET /api/eventstore/streams/x/events?" + query + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + adminToken(), new byte[0]);
            assertEquals(400, RawHttp.status(response), query + ": " + response);
        }
    }

    @Test
    void upstreamFailuresDoNotTellInternalAddresses() {
        String body = given().formParam("grant_type", "client_credentials").post("/api/auth/oauth2/token")
                .then().statusCode(502).contentType("application/problem+json").extract().asString();
        assertFalse(body.contains("127.0.0.1") || body.matches("(?s).*:\\d{4,5}.*"), body);
    }

    @Test
    void theGatewaysOwnManagementEndpointsAreOnlyOnTheManagementPort() {
        given().auth().oauth2(adminToken()).get("/api/eventstore/streams/x/events").then().statusCode(200);
        given().get("/q/health").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(404);
        given().baseUri(management()).get("/q/health/live").then().statusCode(200);
        given().baseUri(management()).get("/q/metrics").then().statusCode(200)
                .body(containsString("gateway_requests_seconds"));
        given().baseUri(management()).auth().oauth2(adminToken()).get("/q/gateway/routes").then().statusCode(200)
                .body("routes.id", hasItems("auth", "eventstore", "cache", "limited", "multi", "dead"))
                .body("routes.find { it.id == 'multi' }.instances.size()", equalTo(3))
                .body("routes.find { it.id == 'limited' }.rateLimit.capacity", equalTo(3));
    }

    @Test
    void bodiesOverTheLimitAre413WithOrWithoutContentLength() {
        byte[] big = new byte[1_200_000];
        given().auth().oauth2(adminToken()).contentType("application/octet-stream").body(big)
                .post("/api/cache/caches/c/entries/k")
                .then().statusCode(413).contentType("application/problem+json");
        // An InputStream body is sent chunked, without Content-Length.
        given().auth().oauth2(adminToken()).contentType("application/octet-stream").body(new ByteArrayInputStream(big))
                .post("/api/cache/caches/c/entries/k")
                .then().statusCode(413).contentType("application/problem+json");
        given().auth().oauth2(adminToken()).contentType("application/octet-stream").body(new ByteArrayInputStream(new byte[900_000]))
                .post("/api/cache/caches/c/entries/k")
                .then().statusCode(200).body("bodyBytes", equalTo(900_000));
    }

    @Test
    void anUploadSlowerThanTheTimeoutIsNotCutOffWhileBytesFlow() throws Exception {
        // Route cache has a 1 s timeout; this body takes about 2.4 s to arrive.
        byte[] body = "twelve bytes".getBytes(StandardCharsets.US_ASCII);
        String response = RawHttp.sendSlowly(gateway.getPort(), "PUT /api/cache/caches/c/entries/slow HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + adminToken() + "\r\nContent-Length: " + body.length, body, 200);
        assertEquals(200, RawHttp.status(response), response);
        assertTrue(response.contains("\"bodyBytes\":12"), response);
    }

    @Test
    void aQuietResponseIsNotCutOffByTheResponseTimeout() {
        // Headers at once, then 1.5 s of silence: longer than the 1 s timeout, shorter than the idle timeout.
        given().auth().oauth2(adminToken()).get("/api/cache/quiet")
                .then().statusCode(200).body("uri", equalTo("/quiet"));
    }

    @Test
    void anOversizedHeaderIs431() {
        given().header("X-Big", "x".repeat(24_000)).get("/api/eventstore/streams/x/events").then().statusCode(431);
    }

    @Test
    void everyAnswerCarriesSecurityHeadersAndNoUpstreamServerHeader() {
        given().auth().oauth2(adminToken()).get("/api/eventstore/streams/x/events")
                .then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Server", nullValue());
        given().get("/nowhere").then().statusCode(404).header("X-Content-Type-Options", "nosniff");
        given().get("/api/eventstore/x").then().statusCode(401).header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void corsPreflightsAreAnsweredForAllowedOriginsOnly() {
        given().header("Origin", "https://app.meldestelle.at").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .options("/api/eventstore/streams/x/events")
                .then().statusCode(204)
                .header("Access-Control-Allow-Origin", "https://app.meldestelle.at")
                .header("Access-Control-Allow-Methods", containsString("POST"));
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/eventstore/streams/x/events")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://app.meldestelle.at.evil.example").header("Access-Control-Request-Method", "GET")
                .options("/api/eventstore/streams/x/events")
                .then().statusCode(403);
        given().auth().oauth2(adminToken()).header("Origin", "http://localhost:3000")
                .get("/api/eventstore/streams/x/events")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:3000")
                .header("Access-Control-Expose-Headers", containsString("X-Correlation-ID"));
        given().auth().oauth2(adminToken()).header("Origin", "https://evil.example")
                .get("/api/eventstore/streams/x/events")
                .then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void routesMatchOnTheNormalisedPathOnly() {
        given().auth().oauth2(adminToken()).urlEncodingEnabled(false).get("/api/%65ventstore/streams/x/events")
                .then().statusCode(200).body("uri", equalTo("/streams/x/events"));
        given().urlEncodingEnabled(false).get("/api/eventstorex/streams").then().statusCode(404)
                .body("detail", not(containsString("<")));
    }
}
