package at.meldestelle.infra.shared.runtime.problem;

import at.meldestelle.infra.shared.api.problem.Problem;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Failures that say a dependency (Redis, Kafka, another service) cannot be reached, dropped the
 * connection or is not serving yet. The request was fine and may be repeated shortly, so the answer
 * is 503 with {@code Retry-After}, as nginx and Envoy answer for an upstream they cannot reach, not a
 * 500 that pages someone for a bug. A Redis error reply that means a bug (a script error, a wrong
 * type) stays a 500. A timeout or a closed connection may come after a write was sent: a client
 * repeating a write must make it idempotent (the event store's eventId, the cache's PUT).
 */
public final class UnavailableDependency {

    public static final String RETRY_AFTER_SECONDS = "5";

    /** Redis error replies (the first word) of a server that is starting, failing over or read-only for now. */
    private static final List<String> REDIS_TRANSIENT_ERRORS = List.of("CONNECTION_CLOSED", "LOADING", "MASTERDOWN",
            "CLUSTERDOWN", "TRYAGAIN", "READONLY", "BUSY", "NOREPLICAS", "OOM");
    /** Vert.x's own words for a connection that ended (ConnectionBase) or a pool that was closed. */
    private static final List<String> VERTX_CLOSED = List.of("Connection was closed", "Pool closed");
    private static final int MAX_CAUSES = 16;
    /** By name: shared-runtime does not depend on the Redis client, and most services using it do not either. */
    private static final String REDIS_ERROR_REPLY = "io.vertx.redis.client.impl.types.ErrorType";
    /** Kafka's own timeouts and broker-unavailable errors; by name for the same reason. */
    private static final String KAFKA_RETRIABLE = "org.apache.kafka.common.errors.RetriableException";

    private UnavailableDependency() {
    }

    /** Whether {@code failure}, or one of its causes, is a dependency that is away rather than a bug. */
    public static boolean isCauseOf(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++, current = current.getCause()) {
            if (isUnavailable(current)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnavailable(Throwable failure) {
        if (failure instanceof ConnectException || failure instanceof NoRouteToHostException
                || failure instanceof TimeoutException || isA(failure, KAFKA_RETRIABLE)
                || failure instanceof io.smallrye.mutiny.TimeoutException
                || failure instanceof io.netty.channel.ConnectTimeoutException
                || failure instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
            return true;
        }
        String message = failure.getMessage();
        if (message == null) {
            return false;
        }
        if (failure.getClass().getName().equals(REDIS_ERROR_REPLY)) {
            String word = message.split(" ", 2)[0];
            return REDIS_TRANSIENT_ERRORS.contains(word);
        }
        return failure instanceof io.vertx.core.VertxException && VERTX_CLOSED.contains(message);
    }

    private static boolean isA(Throwable failure, String className) {
        for (Class<?> type = failure.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    /** The problem answered; the cause goes to the log, not to the client. */
    public static Problem problem() {
        return Problem.ofStatus(503, "A service this request needs is not available at the moment; try again in "
                + RETRY_AFTER_SECONDS + " s.");
    }
}
