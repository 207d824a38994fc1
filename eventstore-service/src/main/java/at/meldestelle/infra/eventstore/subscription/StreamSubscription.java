package at.meldestelle.infra.eventstore.subscription;

import at.meldestelle.infra.eventstore.store.EventStore;
import at.meldestelle.infra.eventstore.store.Lookup;
import at.meldestelle.infra.eventstore.stream.CategoryPage;
import at.meldestelle.infra.eventstore.stream.ReadDirection;
import at.meldestelle.infra.eventstore.stream.ReadPage;
import at.meldestelle.infra.eventstore.stream.StreamInfo;
import at.meldestelle.infra.eventstore.stream.StreamName;
import at.meldestelle.infra.shared.api.event.EventEnvelope;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Map;

/**
 * One stream's events from a version on, then live. {@code next} is the version the client gets
 * next: a catch-up read starts there, and a live event is sent only when it is exactly that version.
 * Anything else (a page that does not follow on, a client too slow to push to) makes it read from
 * {@code next} again, so neither a gap nor a duplicate can reach the client.
 */
final class StreamSubscription extends Subscription {

    /** {@code from} of a subscription that starts at the stream's end. */
    static final long END = -1;

    private final StreamName stream;
    private final int partition;
    private final EventStore store;
    private final int pageEvents;
    private long next;
    private boolean reading;
    private boolean stale;
    private boolean live;

    StreamSubscription(StreamName stream, int partition, long from, EventStore store, SseChannel channel, SubscriptionHub hub,
                       ObjectMapper json, Vertx vertx, Context context, Duration keepalive, int pageEvents) {
        super(channel, hub, json, vertx, context, keepalive);
        this.stream = stream;
        this.partition = partition;
        this.next = from;
        this.store = store;
        this.pageEvents = pageEvents;
    }

    @Override
    protected void begin() {
        await(hub.watch(partition, stream.category(), this), watching -> {
            if (next == END) {
                await(store.info(stream), info -> {
                    next = info instanceof Lookup.Found<StreamInfo> found ? found.value().version() + 1 : 1;
                    goLive();
                });
            } else {
                read();
            }
        });
    }

    private void read() {
        if (reading) {
            return;
        }
        if (!channel.writable()) {
            stale = true;
            channel.whenWritable(this::read);
            return;
        }
        reading = true;
        stale = false;
        await(store.read(stream, next, pageEvents, ReadDirection.FORWARD), lookup -> {
            reading = false;
            if (lookup instanceof Lookup.Tombstoned<ReadPage>) {
                sendMarker(null, "deleted", Map.of("stream", stream.value()));
                close();
                return;
            }
            boolean more = false;
            if (lookup instanceof Lookup.Found<ReadPage> found) {
                for (EventEnvelope event : found.value().events()) {
                    if (event.version() >= next) {
                        send(event);
                    }
                }
                more = found.value().next().isPresent();
            }
            if (more || stale) {
                read();
            } else if (!live) {
                goLive();
            }
        });
    }

    private void goLive() {
        live = true;
        sendMarker(null, "live", Map.of("stream", stream.value(), "next", next));
        if (stale) {
            read();
        }
    }

    @Override
    protected void live(int partition, String category, long after, CategoryPage page) {
        if (reading || !live) {
            stale = true;
            return;
        }
        for (CategoryPage.Item item : page.items()) {
            if (!item.stream().equals(stream.value())) {
                continue;
            }
            EventEnvelope event = item.event();
            if (event == null) {
                // Trimmed, deleted, or the marker of a hard deletion: the store says which.
                read();
                return;
            }
            if (event.version() < next) {
                continue;
            }
            if (event.version() != next || !channel.writable()) {
                read();
                return;
            }
            send(event);
        }
    }

    private void send(EventEnvelope event) {
        sendEvent(Long.toString(event.version()), event);
        next = event.version() + 1;
    }

    @Override
    protected void unwatch() {
        hub.unwatch(partition, stream.category(), this);
    }
}
