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
        redis.connect().ifNoItem().after(timeout).fail().subscribe().with(this::subscribe, this::retryLater);
    }

    private void subscribe(RedisConnection candidate) {
        synchronized (this) {
            if (closed) {
                candidate.closeAndForget();
                return;
            }
            connection = candidate;
        }
        candidate.handler(this::onMessage);
        candidate.exceptionHandler(failure -> lost(candidate, failure));
        candidate.endHandler(() -> lost(candidate, null));
        // The name lets operators (and tests) find this connection in CLIENT LIST.
        candidate.send(Request.cmd(Command.CLIENT).arg("SETNAME").arg(clientName))
                .chain(() -> candidate.send(Request.cmd(Command.SUBSCRIBE).arg(channel)))
                .ifNoItem().after(timeout).fail()
                .subscribe().with(confirmed -> subscribed(candidate), failure -> lost(candidate, failure));
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

    /** RESP2 subscription messages: ["message", channel, payload]. The SUBSCRIBE confirmation may come here too. */
    private void onMessage(Response message) {
        if ((message.type() != ResponseType.MULTI && message.type() != ResponseType.PUSH) || message.size() != 3
                || !"message".equalsIgnoreCase(message.get(0).toString())) {
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
