package at.meldestelle.infra.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body on its way to the upstream, counted: beyond the limit it fails with
 * {@link BodyTooLargeException} (which resets the upstream request), whether or not the client sent
 * a Content-Length; at its end it tells the caller, so that the response timeout starts only when
 * the upstream has the whole request.
 */
final class LimitedBodyStream implements ReadStream<Buffer> {

    private final ReadStream<Buffer> source;
    private final long limit;
    private final Runnable onEnd;
    private final Runnable onTooLarge;
    private Handler<Throwable> exceptionHandler;
    private long received;
    private boolean failed;

    LimitedBodyStream(ReadStream<Buffer> source, long limit, Runnable onEnd, Runnable onTooLarge) {
        this.source = source;
        this.limit = limit;
        this.onEnd = onEnd;
        this.onTooLarge = onTooLarge;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            source.handler(null);
            return this;
        }
        source.handler(chunk -> {
            if (failed) {
                return;
            }
            received += chunk.length();
            if (received > limit) {
                failed = true;
                source.handler(null);
                onTooLarge.run();
                if (exceptionHandler != null) {
                    exceptionHandler.handle(new BodyTooLargeException(limit));
                }
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        source.endHandler(handler == null ? null : v -> {
            if (!failed) {
                onEnd.run();
                handler.handle(v);
            }
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }
}
