package at.meldestelle.infra.eventstore.subscription;

import at.meldestelle.infra.shared.api.event.EventEnvelope;
import at.meldestelle.infra.shared.api.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Consumer;

import at.meldestelle.infra.eventstore.stream.CategoryPage;

/**
 * An SSE subscription: catch-up reads, then live pages from the partition tails, with no gap and no
 * duplicate between them. All of its state is touched on its request's event loop only, so it needs
 * no locks: tail pages and read results are handed over to that context.
 */
abstract class Subscription implements TailListener {

    private static final Logger LOG = Logger.getLogger(Subscription.class);

    protected final SseChannel channel;
    protected final SubscriptionHub hub;
    private final ObjectMapper json;
    private final Context context;
    private final Vertx vertx;
    private final Duration keepalive;
    private long keepaliveTimer = -1;
    private boolean closed;

    /** @param context the request's context: all of this subscription's state is touched there */
    Subscription(SseChannel channel, SubscriptionHub hub, ObjectMapper json, Vertx vertx, Context context, Duration keepalive) {
        this.channel = channel;
        this.hub = hub;
        this.json = json;
        this.vertx = vertx;
        this.context = context;
        this.keepalive = keepalive;
    }

    /** Opens the event stream and begins: the caller has checked the request and admitted the subscriber. */
    final void start() {
        channel.onClose(this::close);
        channel.open();
        keepaliveTimer = vertx.setPeriodic(keepalive.toMillis(), id -> {
            if (!closed) {
                channel.comment("keepalive");
            }
        });
        begin();
    }

    protected abstract void begin();

    /** Stops listening to the tails. */
    protected abstract void unwatch();

    /** A live page, on this subscription's context. */
    protected abstract void live(int partition, String category, long after, CategoryPage page);

    @Override
    public final void onEvents(int partition, String category, long after, CategoryPage page) {
        context.runOnContext(v -> {
            if (!closed) {
                live(partition, category, after, page);
            }
        });
    }

    /** Runs {@code then} with the item on this subscription's context; a failure ends the subscription. */
    protected final <T> void await(Uni<T> work, Consumer<T> then) {
        work.subscribe().with(
                item -> context.runOnContext(v -> {
                    if (!closed) {
                        then.accept(item);
                    }
                }),
                failure -> context.runOnContext(v -> fail(failure)));
    }

    protected final void sendEvent(String id, EventEnvelope event) {
        channel.send(id, null, write(hub.upcast(event)));
    }

    protected final void sendMarker(String id, String name, Object data) {
        channel.send(id, name, write(data));
    }

    protected final boolean closed() {
        return closed;
    }

    /** Tells the client why, then ends the stream: the client resumes from its last event id. */
    protected final void fail(Throwable failure) {
        if (closed) {
            return;
        }
        LOG.warnf("Subscription ended: %s", failure.toString());
        sendMarker(null, "problem", Problem.ofStatus(503, "The subscription was interrupted (" + failure.getMessage()
                + "); reconnect with the last event id to resume."));
        close();
    }

    final void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (keepaliveTimer >= 0) {
            vertx.cancelTimer(keepaliveTimer);
        }
        unwatch();
        hub.release();
        channel.end();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An event could not be written as JSON", e);
        }
    }
}
