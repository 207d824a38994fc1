package at.meldestelle.infra.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.concurrent.TimeoutException;

/**
 * A body on its way through the gateway, watched: beyond {@code limit} bytes it fails with
 * {@link BodyTooLargeException}, and when no bytes came for {@code idleMillis} it fails with a
 * {@link TimeoutException} (either way whatever pipes it resets its destination). At its end it
 * tells the caller, so that the response timeout starts only once the upstream has the whole request.
 */
final class WatchedBodyStream implements ReadStream<Buffer> {

    private final ReadStream<Buffer> source;
    private final Vertx vertx;
    private final long limit;
    private final long idleMillis;
    private final Runnable onEnd;
    private final Handler<Throwable> onFailure;
    private Handler<Throwable> exceptionHandler;
    private long received;
    private long timer = -1;
    private boolean done;

    WatchedBodyStream(ReadStream<Buffer> source, Vertx vertx, long limit, long idleMillis, Runnable onEnd,
                      Handler<Throwable> onFailure) {
        this.source = source;
        this.vertx = vertx;
        this.limit = limit;
        this.idleMillis = idleMillis;
        this.onEnd = onEnd;
        this.onFailure = onFailure;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        source.exceptionHandler(handler == null ? null : failure -> fail(failure));
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            // Abandoned (the pipe ended or failed): no timer may outlive it.
            done = true;
            cancelTimer();
            source.handler(null);
            return this;
        }
        watch();
        source.handler(chunk -> {
            if (done) {
                return;
            }
            received += chunk.length();
            if (received > limit) {
                fail(new BodyTooLargeException(limit));
                return;
            }
            watch();
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        source.endHandler(handler == null ? null : v -> {
            if (!done) {
                done = true;
                cancelTimer();
                onEnd.run();
                handler.handle(v);
            }
        });
        return this;
    }

    /** Paused for backpressure: the other side is slow, not this one, so the idle timer waits too. */
    @Override
    public ReadStream<Buffer> pause() {
        cancelTimer();
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        watch();
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        watch();
        source.fetch(amount);
        return this;
    }

    private void fail(Throwable failure) {
        if (done) {
            return;
        }
        done = true;
        cancelTimer();
        source.handler(null);
        onFailure.handle(failure);
        if (exceptionHandler != null) {
            exceptionHandler.handle(failure);
        }
    }

    private void watch() {
        if (idleMillis <= 0 || done) {
            return;
        }
        cancelTimer();
        timer = vertx.setTimer(idleMillis, id -> fail(new TimeoutException("No bytes for " + idleMillis + " ms")));
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
