package at.meldestelle.infra.shared.cache.impl;

import at.meldestelle.infra.shared.cache.spi.InvalidationListener;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's subscription to the invalidation channel, on a connection of its own. Pub/sub delivers
 * at most once: whatever is published while the connection is down is gone. So the listener hears
 * {@code lost()} the moment the connection ends or fails, and {@code resumed()} once SUBSCRIBE has
 * been confirmed on a new one; reconnects back off from 50 ms to 2 s and never stop.
 * <p>
 * Hand-made, not the data source's {@code pubsub()}: that one re-subscribes by itself and does not
 * say when messages may have been lost, which is the one thing L1 needs to know.
 */
final class InvalidationSubscription {

    private static final Logger LOG = Logger.getLogger(InvalidationSubscription.class);
    private static final long FIRST_RETRY_MS = 50;
    private static final long MAX_RETRY_MS = 2000;

    private final Redis redis;
    private final Vertx vertx;
    private final String channel;
    private final String clientName;
    private final Duration timeout;
    private final InvalidationListener listener;

    private RedisConnection connection;
    private volatile boolean listening;
    private volatile long lostAtNanos = System.nanoTime();
    private boolean closed;
    private int failedAttempts;

    InvalidationSubscription(Redis redis, Vertx vertx, String channel, String clientName, Duration timeout,
                             InvalidationListener listener) {
        this.redis = redis;
        this.vertx = vertx;
        this.channel = channel;
        this.clientName = clientName;
        this.timeout = timeout;
        this.listener = listener;
    }

    boolean listening() {
        return listening;
    }

    /** When the subscription last went down (or, before the first, when this started). */
    long lostAtNanos() {
        return lostAtNanos;
    }

    void start() {
        connect();
    }

    synchronized void close() {
        closed = true;
        listening = false;
        if (connection != null) {
            connection.closeAndForget();
            connection = null;
        }
    }

    private void connect() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        // A connection that arrives after the attempt was given up is closed, not leaked: the pool
        // would otherwise lose one connection per slow attempt.
        AtomicBoolean givenUp = new AtomicBoolean();
        long timer = vertx.setTimer(timeout.toMillis(), id -> {
            if (givenUp.compareAndSet(false, true)) {
                retryLater(new IllegalStateException("no connection within " + timeout.toMillis() + " ms"));
            }
        });
        redis.connect().subscribe().with(candidate -> {
            if (givenUp.compareAndSet(false, true)) {
                vertx.cancelTimer(timer);
                subscribe(candidate);
            } else {
                candidate.closeAndForget();
            }
        }, failure -> {
            if (givenUp.compareAndSet(false, true)) {
                vertx.cancelTimer(timer);
                retryLater(failure);
            }
        });
    }

    private void subscribe(RedisConnection candidate) {
        synchronized (this) {
            if (closed) {
                candidate.closeAndForget();
                return;
            }
            connection = candidate;
        }
        candidate.handler(message -> onMessage(candidate, message));
        candidate.exceptionHandler(failure -> lost(candidate, failure));
        candidate.endHandler(() -> lost(candidate, null));
        // The name lets operators (and tests) find this connection in CLIENT LIST. The client completes
        // SUBSCRIBE once it is written, not once Redis has registered it: the subscription counts from
        // Redis's confirmation, which arrives as a message (onMessage).
        candidate.send(Request.cmd(Command.CLIENT).arg("SETNAME").arg(clientName))
                .chain(() -> candidate.send(Request.cmd(Command.SUBSCRIBE).arg(channel)))
                .ifNoItem().after(timeout).fail()
                .subscribe().with(written -> { }, failure -> lost(candidate, failure));
    }

    private void subscribed(RedisConnection candidate) {
        synchronized (this) {
            if (connection != candidate) {
                return;
            }
            failedAttempts = 0;
        }
        listener.resumed();
        listening = true;
        LOG.debugf("Listening for cache invalidations on %s", channel);
    }

    private void lost(RedisConnection candidate, Throwable failure) {
        synchronized (this) {
            if (connection != candidate) {
                return;
            }
            connection = null;
            listening = false;
            lostAtNanos = System.nanoTime();
        }
        listener.lost();
        candidate.closeAndForget();
        LOG.warnf("Cache invalidations on %s interrupted (%s); L1 is bypassed until the subscription is back",
                channel, failure == null ? "connection closed" : failure.toString());
        retryLater(failure);
    }

    private void retryLater(Throwable failure) {
        long delay;
        synchronized (this) {
            if (closed) {
                return;
            }
            delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(failedAttempts, 10));
            failedAttempts++;
        }
        if (failure != null) {
            LOG.debugf("Cache invalidation subscription: retrying in %d ms after %s", delay, failure);
        }
        vertx.setTimer(delay, id -> connect());
    }

    /** RESP2 subscription messages: ["subscribe", channel, count] confirms, ["message", channel, payload] invalidates. */
    private void onMessage(RedisConnection candidate, Response message) {
        if ((message.type() != ResponseType.MULTI && message.type() != ResponseType.PUSH) || message.size() != 3) {
            return;
        }
        String kind = message.get(0).toString();
        if ("subscribe".equalsIgnoreCase(kind) && channel.equals(message.get(1).toString())) {
            subscribed(candidate);
            return;
        }
        if (!"message".equalsIgnoreCase(kind)) {
            return;
        }
        String payload = message.get(2).toString();
        try {
            listener.invalidated(InvalidationCodec.decode(payload));
        } catch (IllegalArgumentException e) {
            listener.unreadable(e.getMessage());
        }
    }
}
