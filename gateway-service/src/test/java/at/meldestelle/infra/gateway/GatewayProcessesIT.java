package at.meldestelle.infra.gateway;

import at.meldestelle.infra.shared.testing.KafkaBroker;
import at.meldestelle.infra.shared.testing.OidcIssuer;
import at.meldestelle.infra.shared.testing.RedisServer;
import at.meldestelle.infra.shared.testing.ServiceProcess;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two packaged gateways, each its own JVM, in front of one upstream and on one Redis: a route's
 * bucket is the route's, whichever instance a request reaches.
 */
class GatewayProcessesIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final int CAPACITY = 60;
    private static final double REFILL_PER_SECOND = 20;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final OidcIssuer ISSUER = new OidcIssuer();
    private static RedisServer redis;
    private static KafkaBroker kafka;
    private static HttpServer upstream;
    private static Path routes;
    private static String issuer;

    @BeforeAll
    static void servers() throws IOException {
        redis = RedisServer.start();
        kafka = KafkaBroker.start();
        issuer = ISSUER.start();
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        upstream.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        upstream.setExecutor(Executors.newFixedThreadPool(8));
        upstream.start();
        routes = RoutesFileResource.temporary("""
                gateway:
                  routes:
                    - id: shared
                      path: /api/shared/**
                      upstream: eventstore-service
                      strip-prefix: 2
                      public: true
                      rate-limit: {capacity: %d, refill-per-second: %s, key: route}
                """.formatted(CAPACITY, REFILL_PER_SECOND));
    }

    @AfterAll
    static void stop() throws IOException {
        upstream.stop(0);
        ISSUER.stop();
        kafka.close();
        redis.close();
        Files.deleteIfExists(routes);
    }

    private static ServiceProcess gateway(String name) {
        return gateway(name, routes);
    }

    private static ServiceProcess gateway(String name, Path routes) {
        return ServiceProcess.startWithManagementPort(name, JAR, Map.of(
                "quarkus.redis.hosts", redis.url(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.oidc.auth-server-url", issuer,
                "quarkus.stork.eventstore-service.service-discovery.address-list",
                "127.0.0.1:" + upstream.getAddress().getPort(),
                "gateway.routes-file", routes.toString(),
                // Fresh JVMs answer slowly at first: the 50 ms default would hand decisions to the failure policy.
                "gateway.rate-limiting.redis-timeout", "PT0.5S",
                "quarkus.otel.sdk.disabled", "true",
                "quarkus.http.access-log.enabled", "false",
                "quarkus.log.console.json.enabled", "false"));
    }

    @Test
    void anInvalidRoutesFileStopsTheStart() throws IOException {
        Path bad = RoutesFileResource.temporary("gateway:\n  routes:\n    - id: x\n      path: nope\n      upstream: eventstore-service\n");
        try {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> gateway("gateway-bad", bad));
            assertTrue(refused.getMessage().contains("path nope must start with '/'"), refused.getMessage());
        } finally {
            Files.deleteIfExists(bad);
        }
    }

    private static double metric(ServiceProcess instance, String name) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(instance.managementUrl() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void twoInstancesShareOneBucketAndAdmitItsCapacityPlusRefillWithinTwoPercent() throws Exception {
        try (ServiceProcess a = gateway("gateway-a"); ServiceProcess b = gateway("gateway-b")) {
            List<String> instances = List.of(a.url(), b.url());
            AtomicInteger admitted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            // The bucket refills from its first decision to its last. The first decision lies within the
            // earliest call, the last within the latest one: the refill window is bounded on both sides.
            AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
            AtomicLong firstEnd = new AtomicLong(Long.MAX_VALUE);
            AtomicLong lastStart = new AtomicLong();
            AtomicLong lastEnd = new AtomicLong();
            ExecutorService callers = Executors.newFixedThreadPool(8);
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                URI uri = URI.create(instances.get(i % 2) + "/api/shared/things");
                running.add(callers.submit(() -> {
                    while (System.nanoTime() < end) {
                        long callStart = System.nanoTime();
                        firstStart.accumulateAndGet(callStart, Math::min);
                        lastStart.accumulateAndGet(callStart, Math::max);
                        int status = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        long callEnd = System.nanoTime();
                        firstEnd.accumulateAndGet(callEnd, Math::min);
                        lastEnd.accumulateAndGet(callEnd, Math::max);
                        assertTrue(status == 200 || status == 429, "status " + status);
                        (status == 200 ? admitted : refused).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get(30, TimeUnit.SECONDS);
            }
            callers.shutdownNow();
            double fewest = CAPACITY + Math.floor(REFILL_PER_SECOND * Math.max(0, lastStart.get() - firstEnd.get()) / 1e9);
            double most = CAPACITY + Math.ceil(REFILL_PER_SECOND * (lastEnd.get() - firstStart.get()) / 1e9);
            System.out.printf("Two gateways: %d admitted, %d refused; capacity plus refill between %.0f and %.0f%n",
                    admitted.get(), refused.get(), fewest, most);
            assertTrue(refused.get() > 0, "the bucket never ran dry: " + admitted.get() + " admitted");
            for (ServiceProcess instance : List.of(a, b)) {
                assertEquals(0.0, metric(instance, "gateway_ratelimit_unavailable_total"),
                        "every decision was the bucket's, none the failure policy's");
            }
            assertTrue(admitted.get() >= fewest * 0.98 && admitted.get() <= most * 1.02,
                    "admitted " + admitted.get() + " across two instances, capacity plus refill between " + fewest + " and " + most);
        }
    }
}
