package at.meldestelle.infra.shared.runtime.problem;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnavailableDependencyTest {

    @Test
    void aRefusedConnectionAsVertxReportsItIsUnavailableEvenWrapped() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Vertx vertx = Vertx.vertx();
        try {
            Throwable refused = vertx.createNetClient().connect(closedPort, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture()
                    .handle((socket, failure) -> failure).get(10, TimeUnit.SECONDS);

            assertTrue(UnavailableDependency.isCauseOf(refused), String.valueOf(refused));
            assertTrue(UnavailableDependency.isCauseOf(new CompletionException(new IllegalStateException("wrapped", refused))));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void timeoutsAndClosedConnectionsAreUnavailable() {
        assertTrue(UnavailableDependency.isCauseOf(new io.smallrye.mutiny.TimeoutException()));
        assertTrue(UnavailableDependency.isCauseOf(new java.util.concurrent.TimeoutException("no answer")));
        assertTrue(UnavailableDependency.isCauseOf(new io.vertx.core.VertxException("Connection was closed", true)));
    }

    @Test
    void bugsStayBugs() {
        assertFalse(UnavailableDependency.isCauseOf(new IllegalStateException("Connection was closed by mistake")));
        assertFalse(UnavailableDependency.isCauseOf(new IllegalStateException("Pool closed")), "words alone, from another class");
        assertFalse(UnavailableDependency.isCauseOf(new NullPointerException()));
        assertFalse(UnavailableDependency.isCauseOf(new RuntimeException(new IllegalArgumentException())));
    }

    @Test
    void theProblemIsA503() {
        assertEquals(503, UnavailableDependency.problem().getStatus());
    }
}
