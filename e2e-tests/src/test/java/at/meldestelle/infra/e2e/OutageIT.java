package at.meldestelle.infra.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis and Kafka die under the running platform: readiness of
 * the services that need them goes down within seconds, liveness never flaps, requests get a problem
 * instead of hanging, and everything comes back by itself once {@code bin/platform up} restarts the
 * dependency.
 */
class OutageIT {

    private static final Platform PLATFORM = new Platform();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Where each service answers /q/health: the gateway on its management port. */
    private static final Map<String, Integer> HEALTH_PORTS = Map.of(
            "gateway-service", 9000 + Platform.PORT_OFFSET,
            "auth-service", 8081 + Platform.PORT_OFFSET,
            "eventstore-service", 8082 + Platform.PORT_OFFSET,
            "cache-service", 8083 + Platform.PORT_OFFSET);
    /** The gateway keeps serving without Redis (its limiter degrades) and without Kafka (it keeps the revocations it has). */
    private static final Set<String> NEED_REDIS_AND_KAFKA = Set.of("auth-service", "eventstore-service", "cache-service");

    private final Queue<String> livenessFailures = new ConcurrentLinkedQueue<>();
    private ScheduledExecutorService livenessWatch;

    @BeforeAll
    static void up() {
        PLATFORM.up();
    }

    @AfterAll
    static void down() {
        PLATFORM.down();
    }

    @BeforeEach
    void watchLiveness() {
        livenessWatch = Executors.newSingleThreadScheduledExecutor();
        livenessWatch.scheduleWithFixedDelay(() -> HEALTH_PORTS.forEach((service, port) -> {
            int status = status(port, "/q/health/live");
            if (status != 200) {
                livenessFailures.add(service + " live " + status);
            }
        }), 0, 250, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stopWatching() throws InterruptedException {
        livenessWatch.shutdownNow();
        livenessWatch.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void redisDiesAndComesBack() throws Exception {
        String token = Platform.clientToken(HTTP);
        assertEquals(201, append(token).statusCode());

        kill(PLATFORM.stateFile("redis/redis.pid"));
        try {
            awaitReadiness(NEED_REDIS_AND_KAFKA, 503);
            assertReady(Set.of("gateway-service"));
            HttpResponse<String> refused = append(token);
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), refused.body());
            assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
            HttpResponse<String> noToken = token();
            assertEquals(503, noToken.statusCode(), noToken.body());
            assertTrue(noToken.body().contains("\"error\":\"temporarily_unavailable\""), noToken.body());
        } finally {
            PLATFORM.up();
        }
        awaitReadiness(HEALTH_PORTS.keySet(), 200);
        assertEquals(201, append(token).statusCode(), "appends work again");
        assertTrue(livenessFailures.isEmpty(), "liveness flapped: " + livenessFailures);
    }

    @Test
    void kafkaDiesAndComesBack() throws Exception {
        String token = Platform.clientToken(HTTP);

        kill(PLATFORM.stateFile("pids/kafka.pid"));
        try {
            awaitReadiness(NEED_REDIS_AND_KAFKA, 503);
            assertReady(Set.of("gateway-service"));
            // The event store's outbox takes appends while Kafka is away, and forwards them later.
            assertEquals(201, append(token).statusCode());
        } finally {
            PLATFORM.up();
        }
        awaitReadiness(HEALTH_PORTS.keySet(), 200);
        assertEquals(201, append(token).statusCode());
        assertTrue(livenessFailures.isEmpty(), "liveness flapped: " + livenessFailures);
    }

    private static void kill(Path pidFile) throws Exception {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    private static void awaitReadiness(Set<String> services, int expected) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String service : services) {
                assertEquals(expected, status(HEALTH_PORTS.get(service), "/q/health/ready"), service + " readiness");
            }
        });
    }

    private static void assertReady(Set<String> services) {
        for (String service : services) {
            assertEquals(200, status(HEALTH_PORTS.get(service), "/q/health/ready"), service + " readiness");
        }
    }

    /** The status, or -1 when no answer came in 5 s (a hang is a failure like any other). */
    private static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A client_credentials token asked for through the gateway, as it is answered. */
    private static HttpResponse<String> token() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(Platform.GATEWAY + "/api/auth/oauth2/token"))
                .header("Authorization", Platform.CLIENT_BASIC).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One event appended through the gateway, with an answer within 10 s or a failed test. */
    private static HttpResponse<String> append(String token) throws Exception {
        String body = "{\"expectedVersion\":\"any\",\"events\":[{\"eventId\":\"" + UUID.randomUUID()
                + "\",\"type\":\"MemberRegistered\",\"data\":{\"name\":\"Anna\"}}]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(Platform.GATEWAY + "/api/eventstore/streams/member-" + UUID.randomUUID() + "/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
