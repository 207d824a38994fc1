package at.meldestelle.infra.gateway;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A real HTTP upstream that answers with what it received (method, path, headers, body size), and
 * {@code /slow} that holds its answer until the test releases it ({@link #releaseSlow()}), so a
 * timeout is asserted on the gateway's answer, not raced against a sleep. The gateway routes eventstore-service to it; auth-service
 * points at a port where nothing listens.
 */
public class EchoUpstream implements QuarkusTestResourceLifecycleManager {

    private static final CountDownLatch SLOW = new CountDownLatch(1);
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/slow")) {
                awaitRelease();
            }
            long bodyBytes = exchange.getRequestBody().readAllBytes().length;
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join("|", values)));
            StringBuilder json = new StringBuilder("{\"method\":\"").append(exchange.getRequestMethod())
                    .append("\",\"uri\":\"").append(exchange.getRequestURI()).append("\",\"bodyBytes\":").append(bodyBytes)
                    .append(",\"headers\":{");
            headers.forEach((name, value) -> json.append('"').append(name).append("\":\"")
                    .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\","));
            if (!headers.isEmpty()) {
                json.setLength(json.length() - 1);
            }
            json.append("}}");
            byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (exchange.getRequestURI().getPath().equals("/created")) {
                // Where a JAX-RS service would point after a create: its own address, without the gateway prefix.
                exchange.getResponseHeaders().set("Location", "http://" + exchange.getRequestHeaders().getFirst("Host") + "/created/42?x=1");
                exchange.sendResponseHeaders(201, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String address = "127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "quarkus.stork.eventstore-service.service-discovery.address-list", address,
                "quarkus.stork.cache-service.service-discovery.address-list", address,
                "quarkus.stork.auth-service.service-discovery.address-list", "127.0.0.1:" + closedPort(),
                // Route 2 is cache: a short timeout so that /slow runs into it.
                "gateway.routes[2].timeout", "PT1S");
    }

    private static int closedPort() {
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitRelease() {
        try {
            SLOW.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets every held {@code /slow} request answer. */
    static void releaseSlow() {
        SLOW.countDown();
    }

    @Override
    public void stop() {
        releaseSlow();
        if (server != null) {
            server.stop(0);
        }
    }
}
