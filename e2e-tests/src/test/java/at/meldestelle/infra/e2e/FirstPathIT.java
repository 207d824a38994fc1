package at.meldestelle.infra.e2e;

import at.meldestelle.infra.shared.testing.TopicReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first path through real parts: a client_credentials token from auth-service, an append and
 * a read through the gateway into eventstore-service, the event on Kafka, and one trace in Zipkin.
 */
class FirstPathIT {

    private static final Platform PLATFORM = new Platform();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The contract (DESIGN section 7), written out: this test sees the platform as a client does. */
    private static final String TOPIC = "eventstore.events";

    @BeforeAll
    static void up() {
        PLATFORM.up();
    }

    @AfterAll
    static void down() throws Exception {
        PLATFORM.down();
        try (Socket ignored = new Socket("127.0.0.1", 8080 + Platform.PORT_OFFSET)) {
            throw new AssertionError("the gateway still listens after bin/platform down");
        } catch (ConnectException expected) {
            // stopped, as it should be
        }
    }

    @Test
    void runningUpAgainStartsNothingAndChangesNothing() {
        String again = PLATFORM.up();
        for (String component : List.of("redis", "kafka", "zipkin", "auth-service", "eventstore-service",
                "cache-service", "gateway-service")) {
            assertTrue(again.matches("(?s).*\\b" + component + " +already running.*"), component + " was not left alone:\n" + again);
        }
        assertTrue(again.contains("nothing was changed"), again);
    }

    @Test
    void tokenAppendReadKafkaAndOneTrace() throws Exception {
        // 1. A client_credentials token from auth-service, through the gateway's public auth route.
        HttpResponse<String> tokenResponse = send(HttpRequest.newBuilder(URI.create(Platform.GATEWAY + "/api/auth/oauth2/token"))
                .header("Authorization", Platform.CLIENT_BASIC)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        assertEquals(200, tokenResponse.statusCode(), tokenResponse.body());
        String token = JSON.readTree(tokenResponse.body()).get("access_token").asText();
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length, "a signed JWT");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertEquals("RS256", header.get("alg").asText());
        assertNotNull(header.get("kid"));
        assertEquals("http://localhost:" + (8081 + Platform.PORT_OFFSET), claims.get("iss").asText());
        assertEquals("meldestelle-api", claims.get("aud").asText());
        assertEquals(Platform.CLIENT_ID, claims.get("sub").asText());
        assertTrue(texts(claims.get("roles")).contains("ADMIN"), claims.toString());
        assertTrue(texts(claims.get("permissions")).contains("WRITE_EVENTS"), claims.toString());
        assertTrue(claims.get("exp").asLong() > claims.get("iat").asLong());
        assertNotNull(claims.get("jti"));

        // 2. Without a token the gateway refuses: 401, Bearer challenge, problem+json.
        String stream = "member-" + UUID.randomUUID();
        URI events = URI.create(Platform.GATEWAY + "/api/eventstore/streams/" + stream + "/events");
        String eventId = UUID.randomUUID().toString();
        String body = "{\"expectedVersion\":\"no_stream\",\"events\":[{\"eventId\":\"" + eventId
                + "\",\"type\":\"MemberRegistered\",\"data\":{\"name\":\"Anna\"}}]}";
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(events).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(401, anonymous.statusCode());
        assertEquals("Bearer", anonymous.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(anonymous.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));

        // A cached copy of the member, through the gateway; the event below makes cache-service drop it.
        URI cached = URI.create(Platform.GATEWAY + "/api/cache/caches/members/entries/member:" + stream.substring("member-".length()));
        HttpResponse<String> cachedPut = send(HttpRequest.newBuilder(cached).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"Old\"}")));
        assertEquals(204, cachedPut.statusCode(), cachedPut.body());
        assertEquals(200, send(HttpRequest.newBuilder(cached).header("Authorization", "Bearer " + token).GET()).statusCode());

        // 3. Append through the gateway, in a trace we start, without a correlation id (the gateway makes one).
        String traceId = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8)) + "-01";
        HttpResponse<String> appended = send(HttpRequest.newBuilder(events)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(201, appended.statusCode(), appended.body());
        assertEquals(1, JSON.readTree(appended.body()).get("firstVersion").asInt());
        String correlationId = appended.headers().firstValue("X-Correlation-ID").orElseThrow();

        // 4. Read it back through the gateway.
        HttpResponse<String> read = send(HttpRequest.newBuilder(events).header("Authorization", "Bearer " + token).GET());
        assertEquals(200, read.statusCode(), read.body());
        JsonNode page = JSON.readTree(read.body());
        assertEquals(1, page.size());
        assertEquals(eventId, page.get(0).get("eventId").asText());
        assertEquals(1, page.get(0).get("version").asInt());
        assertEquals("Anna", page.get(0).get("data").get("name").asText());

        // 5. The event is a record on eventstore.events: key = stream, CloudEvents headers, the correlation id.
        ConsumerRecord<String, String> record = consumeOne(stream);
        assertEquals(eventId, TopicReader.header(record, "ce_id"));
        assertEquals("MemberRegistered", TopicReader.header(record, "ce_type"));
        assertEquals("1.0", TopicReader.header(record, "ce_specversion"));
        assertEquals(stream, TopicReader.header(record, "ce_subject"));
        assertEquals(correlationId, TopicReader.header(record, "ce_correlationid"));
        assertEquals(eventId, JSON.readTree(record.value()).get("eventId").asText());

        // 6. cache-service consumed the event and dropped the member's cached copy (rule Member* -> member:{subjectId}).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertEquals(404, send(HttpRequest.newBuilder(cached).header("Authorization", "Bearer " + token).GET()).statusCode()));

        // 7. One trace in Zipkin across three services: the gateway, eventstore-service with its Kafka producer,
        //    and cache-service's Kafka consumer.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> trace = send(HttpRequest.newBuilder(URI.create(Platform.ZIPKIN + "/api/v2/trace/" + traceId)).GET());
            assertEquals(200, trace.statusCode(), "trace " + traceId + " not in Zipkin yet");
            Set<String> spans = StreamSupport.stream(JSON.readTree(trace.body()).spliterator(), false)
                    .map(span -> span.path("localEndpoint").path("serviceName").asText() + " " + span.path("kind").asText()
                            + (span.path("name").asText().contains("eventstore.events") ? " eventstore.events" : ""))
                    .collect(Collectors.toSet());
            assertTrue(spans.contains("gateway-service SERVER"), spans.toString());
            assertTrue(spans.contains("gateway-service CLIENT"), spans.toString());
            assertTrue(spans.contains("eventstore-service SERVER"), spans.toString());
            assertTrue(spans.contains("eventstore-service PRODUCER eventstore.events"), spans.toString());
            assertTrue(spans.contains("cache-service CONSUMER eventstore.events"), spans.toString());
        });

        // 8. The correlation id is on every span of that trace, in every service, the Kafka consumer's included ...
        JsonNode trace = JSON.readTree(send(HttpRequest.newBuilder(URI.create(Platform.ZIPKIN + "/api/v2/trace/" + traceId)).GET()).body());
        for (JsonNode span : trace) {
            assertEquals(correlationId, span.path("tags").path("correlation.id").asText(null),
                    "span without the correlation id: " + span);
        }
        // ... and on every log line of the request and of the event's handling, beside the trace and span ids.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String service : List.of("gateway-service", "eventstore-service", "cache-service")) {
                List<JsonNode> lines = jsonLogLines(service);
                List<JsonNode> ofRequest = lines.stream()
                        .filter(line -> correlationId.equals(line.path("mdc").path("correlationId").asText(null))).toList();
                assertFalse(ofRequest.isEmpty(), service + " logged no line with correlation id " + correlationId);
                for (JsonNode line : ofRequest) {
                    assertEquals(traceId, line.path("mdc").path("traceId").asText(null), service + ": " + line);
                    assertTrue(line.path("mdc").path("spanId").asText("").matches("[0-9a-f]{16}"), service + ": " + line);
                }
                for (JsonNode line : lines) {
                    if (traceId.equals(line.path("mdc").path("traceId").asText(null))) {
                        assertEquals(correlationId, line.path("mdc").path("correlationId").asText(null), service + ": " + line);
                    }
                }
            }
        });
    }

    /** The service's log lines written as JSON; start markers and JVM warnings are plain text. */
    private static List<JsonNode> jsonLogLines(String service) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(PLATFORM.log(service))) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void aTokenRevokedAtAuthServiceIsRefusedByTheGatewayAndTheRevocationIsOneTraceAcrossKafka() throws Exception {
        String token = Platform.clientToken(HTTP);
        URI events = URI.create(Platform.GATEWAY + "/api/eventstore/streams/member-" + UUID.randomUUID() + "/events");
        HttpRequest.Builder read = HttpRequest.newBuilder(events).header("Authorization", "Bearer " + token).GET();
        assertNotEquals(401, send(read).statusCode());

        // Revoke it at auth-service (RFC 7009) through the gateway, in a trace we start.
        String traceId = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        HttpResponse<String> revoked = send(HttpRequest.newBuilder(URI.create(Platform.GATEWAY + "/api/auth/oauth2/revoke"))
                .header("Authorization", Platform.CLIENT_BASIC).header("Content-Type", "application/x-www-form-urlencoded")
                .header("traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8)) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
        assertEquals(200, revoked.statusCode(), revoked.body());

        // The gateway learns it from auth.revocations on Kafka and refuses the token.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(401, send(read).statusCode()));

        // One trace: the request through the gateway into auth-service, the Kafka record, and the
        // gateway consuming it.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> trace = send(HttpRequest.newBuilder(URI.create(Platform.ZIPKIN + "/api/v2/trace/" + traceId)).GET());
            assertEquals(200, trace.statusCode(), "trace " + traceId + " not in Zipkin yet");
            Set<String> spans = StreamSupport.stream(JSON.readTree(trace.body()).spliterator(), false)
                    .map(span -> span.path("localEndpoint").path("serviceName").asText() + " " + span.path("kind").asText()
                            + (span.path("name").asText().contains("auth.revocations") ? " auth.revocations" : ""))
                    .collect(Collectors.toSet());
            assertTrue(spans.contains("gateway-service SERVER"), spans.toString());
            assertTrue(spans.contains("auth-service SERVER"), spans.toString());
            assertTrue(spans.contains("auth-service PRODUCER auth.revocations"), spans.toString());
            assertTrue(spans.contains("gateway-service CONSUMER auth.revocations"), spans.toString());
        });
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static ConsumerRecord<String, String> consumeOne(String stream) {
        List<ConsumerRecord<String, String>> records = TopicReader.read(Platform.KAFKA, TOPIC,
                record -> stream.equals(record.key()), found -> !found.isEmpty(), Duration.ofSeconds(60));
        assertEquals(1, records.size(), "one record with key " + stream + " on " + TOPIC);
        return records.get(0);
    }
}
