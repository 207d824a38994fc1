package at.meldestelle.infra.gateway;

import at.meldestelle.infra.shared.testing.KafkaTestResource;
import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** WebSocket pass-through (proxy.WebSocketTunnel) to a real Vert.x WebSocket upstream, behind the route's token check. */
@QuarkusTest
@WithTestResource(TestIssuer.class)
@WithTestResource(EchoUpstream.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class WebSocketTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL gateway;

    private URI ws(String path) {
        return URI.create("ws://localhost:" + gateway.getPort() + path);
    }

    private static String token() {
        return TestIssuer.token("client-9", List.of("USER"), List.of());
    }

    @Test
    void messagesFlowBothWaysAndTheUpstreamSeesTheVerifiedCallerOnly() throws Exception {
        Messages messages = new Messages();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token())
                .header("X-User-Id", "forged").header("X_User_Id", "forged")
                .buildAsync(ws("/api/ws/chat"), messages).join();

        assertEquals("path=/chat;x-user-id=client-9;x_user_id=null;authorization=true", messages.next());
        socket.sendText("hello through the gateway", true).join();
        assertEquals("hello through the gateway", messages.next());
        socket.sendText("ü € 😀", true).join();
        assertEquals("ü € 😀", messages.next());
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void anUpgradeWithoutATokenIsRefusedBeforeItReachesTheUpstream() {
        CompletionException refused = assertThrows(CompletionException.class,
                () -> HTTP.newWebSocketBuilder().buildAsync(ws("/api/ws/chat"), new Messages()).join());
        assertEquals(401, assertInstanceOf(WebSocketHandshakeException.class, refused.getCause()).getResponse().statusCode());
    }

    @Test
    void anUpgradeTheUpstreamRefusesIsRelayedAsItCame() {
        CompletionException refused = assertThrows(CompletionException.class,
                () -> HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token())
                        .buildAsync(ws("/api/ws/refuse"), new Messages()).join());
        assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, refused.getCause()).getResponse().statusCode());
    }

    @Test
    void onARouteWithoutWebSocketsAnUpgradeIsAPlainRequest() {
        // Route dead (websocket off, upstream down): forwarded as a GET, which gets the route's 502.
        CompletionException refused = assertThrows(CompletionException.class,
                () -> HTTP.newWebSocketBuilder().buildAsync(ws("/api/dead/socket"), new Messages()).join());
        assertEquals(502, assertInstanceOf(WebSocketHandshakeException.class, refused.getCause()).getResponse().statusCode());
    }

    @Test
    void anUpgradeWithABodyIsRefused() throws Exception {
        String answer = RawHttp.send(gateway.getPort(), "GET /api/ws/chat HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nContent-Length: 8", "smuggled".getBytes());
        assertEquals(400, RawHttp.status(answer), answer);
    }

    @Test
    void theUpstreamClosingTheTunnelClosesItForTheClientAndRefusedUpgradesLeaveNoConnectionBehind() throws Exception {
        for (int i = 0; i < 30; i++) {
            assertThrows(CompletionException.class, () -> HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token())
                    .buildAsync(ws("/api/ws/refuse"), new Messages()).join());
        }
        Messages messages = new Messages();
        WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token())
                .buildAsync(ws("/api/ws/chat"), messages).join();
        messages.next();
        socket.sendText("close please", true).join();
        assertEquals("closed by upstream", messages.closed());
    }

    /** Collects whole text messages as they arrive. */
    private static final class Messages implements WebSocket.Listener {

        private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closes.add(reason);
            return null;
        }

        String closed() throws InterruptedException {
            String reason = closes.poll(10, TimeUnit.SECONDS);
            if (reason == null) {
                throw new AssertionError("not closed within 10 s");
            }
            return reason;
        }

        String next() throws InterruptedException {
            String message = received.poll(10, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within 10 s");
            }
            return message;
        }
    }
}
