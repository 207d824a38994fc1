package at.meldestelle.infra.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * Real HTTP upstreams that answer with what they received (method, URI, headers, body size and which
 * instance answered). {@code /slow} holds its answer until the test releases it
 * ({@link #releaseSlow()}), so a timeout is asserted on the gateway's answer, not raced against a
 * sleep; {@code /quiet} sends its headers, then nothing for 1.5 s, then its body.
 *
 * <p>eventstore-service and cache-service go to instance 0; {@code multi-service} to instances 0, 1
 * and 2 (routes {@code multi}, with retries); auth-service and {@code dead-service} to ports where
 * nothing listens ({@link #deadPort()} can be brought to life); {@code ws-service} (route {@code ws},
 * token required) to a Vert.x WebSocket upstream.
 */
public class EchoUpstream implements QuarkusTestResourceLifecycleManager {

    private static final CountDownLatch SLOW = new CountDownLatch(1);
    private static final List<HttpServer> INSTANCES = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static volatile int deadPort;
    private static volatile Vertx webSocketVertx;
    private static final Map<String, java.util.concurrent.atomic.AtomicInteger> REQUESTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** How many {@code method path} requests all instances received. */
    static int received(String methodAndPath) {
        var count = REQUESTS.get(methodAndPath);
        return count == null ? 0 : count.get();
    }

    @Override
    public Map<String, String> start() {
        for (int i = 0; i < 3; i++) {
            INSTANCES.add(serve(0));
        }
        deadPort = closedPort();
        Map<String, String> config = new HashMap<>();
        String first = address(INSTANCES.get(0));
        config.put("quarkus.stork.eventstore-service.service-discovery.address-list", first);
        config.put("quarkus.stork.cache-service.service-discovery.address-list", first);
        config.put("quarkus.stork.auth-service.service-discovery.address-list", "127.0.0.1:" + closedPort());
        config.put("quarkus.stork.multi-service.service-discovery.type", "static");
        config.put("quarkus.stork.multi-service.service-discovery.address-list",
                String.join(",", INSTANCES.stream().map(EchoUpstream::address).toList()));
        config.put("quarkus.stork.dead-service.service-discovery.type", "static");
        config.put("quarkus.stork.dead-service.service-discovery.address-list", "127.0.0.1:" + deadPort);
        // Route 2 is cache: a short timeout so that /slow runs into it.
        config.put("gateway.routes[2].timeout", "PT1S");
        config.put("gateway.routes[2].idle-timeout", "PT3S");
        route(config, 3, "limited", "eventstore-service");
        config.put("gateway.routes[3].rate-limit.capacity", "3");
        config.put("gateway.routes[3].rate-limit.refill-per-second", "0.2");
        config.put("gateway.routes[3].rate-limit.key", "ip");
        route(config, 4, "multi", "multi-service");
        config.put("gateway.routes[4].retries", "2");
        route(config, 5, "dead", "dead-service");
        route(config, 6, "ws", "ws-service");
        config.put("gateway.routes[6].public", "false");
        config.put("gateway.routes[6].websocket", "true");
        config.put("quarkus.stork.ws-service.service-discovery.type", "static");
        config.put("quarkus.stork.ws-service.service-discovery.address-list", "127.0.0.1:" + startWebSocketEcho());
        config.put("gateway.circuit-breaker.failure-threshold", "10");
        config.put("gateway.instance-health.consecutive-failures", "5");
        config.put("gateway.rate-limiting.redis-timeout", "PT0.5S");
        config.put("gateway.circuit-breaker.reset-timeout", "PT1S");
        config.put("gateway.max-body-size", "1M");
        return config;
    }

    private static void route(Map<String, String> config, int index, String id, String upstream) {
        config.put("gateway.routes[" + index + "].id", id);
        config.put("gateway.routes[" + index + "].path", "/api/" + id + "/**");
        config.put("gateway.routes[" + index + "].upstream", upstream);
        config.put("gateway.routes[" + index + "].strip-prefix", "2");
        config.put("gateway.routes[" + index + "].public", "true");
    }

    /** Starts an echo server on {@code port} (0: any free one). */
    static HttpServer serve(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        int instance = INSTANCES.size();
        server.createContext("/", exchange -> answer(exchange, instance));
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, int instance) throws IOException {
        String path = exchange.getRequestURI().getPath();
        REQUESTS.computeIfAbsent(exchange.getRequestMethod() + " " + path, k -> new java.util.concurrent.atomic.AtomicInteger())
                .incrementAndGet();
        if (path.equals("/slow")) {
            awaitRelease();
        }
        if (path.startsWith("/delay")) {
            sleep(300);
        }
        long bodyBytes = exchange.getRequestBody().readAllBytes().length;
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join("|", values)));
        StringBuilder json = new StringBuilder("{\"method\":\"").append(exchange.getRequestMethod())
                .append("\",\"uri\":\"").append(exchange.getRequestURI().toString().replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\",\"instance\":").append(instance)
                .append(",\"bodyBytes\":").append(bodyBytes)
                .append(",\"headers\":{");
        headers.forEach((name, value) -> json.append('"').append(name).append("\":\"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\","));
        if (!headers.isEmpty()) {
            json.setLength(json.length() - 1);
        }
        json.append("}}");
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Server", "echo/1.0");
        int status = 200;
        if (path.equals("/created")) {
            // Where a JAX-RS service would point after a create: its own address, without the gateway prefix.
            exchange.getResponseHeaders().set("Location", "http://" + exchange.getRequestHeaders().getFirst("Host") + "/created/42?x=1");
            status = 201;
        }
        if (path.equals("/connection-listed")) {
            // An upstream that marks a header of its answer hop-by-hop: it must end at the gateway.
            exchange.getResponseHeaders().set("Connection", "X-Internal-Debug");
            exchange.getResponseHeaders().set("X-Internal-Debug", "instance secrets");
            exchange.getResponseHeaders().set("Keep-Alive", "timeout=600");
            exchange.getResponseHeaders().set("Proxy-Authenticate", "Basic realm=\"upstream\"");
        }
        if (path.startsWith("/status/")) {
            status = Integer.parseInt(path.substring("/status/".length()));
        }
        if (path.equals("/quiet")) {
            exchange.sendResponseHeaders(status, 0);
            OutputStream out = exchange.getResponseBody();
            out.flush();
            sleep(1500);
            out.write(body);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    static String address(HttpServer server) {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    static HttpServer instance(int index) {
        return INSTANCES.get(index);
    }

    /** Starts a stopped instance again on its port. */
    static void revive(int index) {
        INSTANCES.set(index, serve(INSTANCES.get(index).getAddress().getPort()));
    }

    /** The port of dead-service, where nothing listens until a test serves there. */
    static int deadPort() {
        return deadPort;
    }

    private static int closedPort() {
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /**
     * A WebSocket upstream: its first message tells what the upgrade request carried, then it echoes
     * every text message; {@code /refuse} answers the upgrade with 403.
     */
    private static int startWebSocketEcho() {
        webSocketVertx = Vertx.vertx();
        io.vertx.core.http.HttpServer server = webSocketVertx.createHttpServer()
                .webSocketHandshakeHandler(handshake -> {
                    if (handshake.path().equals("/refuse")) {
                        handshake.reject(403);
                    } else {
                        handshake.accept();
                    }
                })
                .webSocketHandler(ws -> {
                    ws.writeTextMessage("path=" + ws.path() + ";x-user-id=" + ws.headers().get("X-User-Id")
                            + ";x_user_id=" + ws.headers().get("X_User_Id") + ";authorization=" + (ws.headers().get("Authorization") != null));
                    ws.textMessageHandler(text -> {
                        if (text.equals("close please")) {
                            ws.close((short) 1000, "closed by upstream");
                        } else {
                            ws.writeTextMessage(text);
                        }
                    });
                })
                .requestHandler(request -> request.response().setStatusCode(426).end());
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
    }

    @Override
    public void stop() {
        if (webSocketVertx != null) {
            webSocketVertx.close();
        }
        releaseSlow();
        INSTANCES.forEach(server -> server.stop(0));
        INSTANCES.clear();
    }
}
