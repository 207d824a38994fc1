package at.meldestelle.infra.eventstore.subscription;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.config.Operations;
import at.meldestelle.infra.eventstore.redis.RedisStreamStore;
import at.meldestelle.infra.eventstore.store.EventStore;
import at.meldestelle.infra.eventstore.store.Lookup;
import at.meldestelle.infra.eventstore.stream.StreamName;
import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import at.meldestelle.infra.shared.runtime.problem.ProblemWriter;
import at.meldestelle.infra.shared.security.OperationGuard;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;

/**
 * {@code GET /streams/{s}/subscribe} and {@code GET /categories/{c}/subscribe}: Server-Sent Events.
 * Raw Vert.x routes, not JAX-RS, because the status is decided by an asynchronous check before the
 * stream opens (see {@link SseChannel}).
 */
@ApplicationScoped
public class SubscriptionRoutes {

    private static final String LAST_EVENT_ID = "Last-Event-ID";

    private final OperationGuard guard;
    private final SubscriptionHub hub;
    private final EventStore store;
    private final RedisStreamStore categories;
    private final ProblemWriter problems;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Duration keepalive;
    private final int pageEvents;
    private final long pageBytes;

    public SubscriptionRoutes(SubscriptionHub hub, EventStore store, RedisStreamStore categories, ProblemWriter problems,
                              ObjectMapper json, Vertx vertx, EventStoreConfig config, OperationGuard guard) {
        this.guard = guard;
        this.hub = hub;
        this.store = store;
        this.categories = categories;
        this.problems = problems;
        this.json = json;
        this.vertx = vertx;
        this.keepalive = config.subscriptions().keepalive();
        this.pageEvents = config.subscriptions().pageEvents();
        this.pageBytes = config.limits().pageBytes().asLongValue();
    }

    void register(@Observes Router router) {
        router.get("/streams/:stream/subscribe").handler(guard.requires(Operations.READ)).handler(this::subscribeToStream);
        router.get("/categories/:category/subscribe").handler(guard.requires(Operations.READ)).handler(this::subscribeToCategory);
    }

    private void subscribeToStream(RoutingContext ctx) {
        Context context = vertx.getOrCreateContext();
        StreamName stream;
        long from;
        try {
            stream = StreamName.parse(ctx.pathParam("stream"));
            from = streamStart(ctx.request().getParam("from"), ctx.request().getHeader(LAST_EVENT_ID));
        } catch (ProblemException e) {
            problems.send(ctx.response(), e.problem());
            return;
        }
        store.info(stream).subscribe().with(info -> {
            if (info instanceof Lookup.Tombstoned<?>) {
                problems.send(ctx.response(), Problem.ofStatus(410, "Stream " + stream + " was deleted for good."));
                return;
            }
            open(ctx, new StreamSubscription(stream, categories.partitionOf(stream), from, store, new SseChannel(ctx.response()),
                    hub, json, vertx, context, keepalive, pageEvents));
        }, failure -> {
            ctx.response().putHeader("Retry-After", "5");
            problems.send(ctx.response(), Problem.ofStatus(503, "The event store cannot reach its Redis; try again shortly."));
        });
    }

    private void subscribeToCategory(RoutingContext ctx) {
        Context context = vertx.getOrCreateContext();
        String category;
        long[] from;
        try {
            category = StreamName.parseCategory(ctx.pathParam("category"));
            from = categoryStart(ctx.request().getParam("from"), ctx.request().getHeader(LAST_EVENT_ID));
        } catch (ProblemException e) {
            problems.send(ctx.response(), e.problem());
            return;
        }
        open(ctx, new CategorySubscription(category, from, categories, new SseChannel(ctx.response()), hub, json, vertx,
                context, keepalive, pageEvents, pageBytes));
    }

    private void open(RoutingContext ctx, Subscription subscription) {
        if (ctx.response().closed()) {
            return;
        }
        if (!hub.admit()) {
            ctx.response().putHeader("Retry-After", "5");
            problems.send(ctx.response(), Problem.ofStatus(503, "This instance serves as many subscriptions as it may."));
            return;
        }
        subscription.start();
    }

    /** The first version to send: {@code Last-Event-ID} + 1 on a reconnect, else {@code from} (1, N or end). */
    private static long streamStart(String from, String lastEventId) {
        if (lastEventId != null) {
            return parseVersion(LAST_EVENT_ID, lastEventId, 0) + 1;
        }
        if (from == null || from.equals("start")) {
            return 1;
        }
        if (from.equals("end")) {
            return StreamSubscription.END;
        }
        return parseVersion("from", from, 1);
    }

    private static long parseVersion(String name, String value, long min) {
        try {
            long version = Long.parseLong(value);
            if (version >= min && version < Long.MAX_VALUE) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(name + " must be a version from " + min + (name.equals("from") ? ", start or end" : "")
                + ", not " + ProblemException.quoted(value) + ".");
    }

    /** Positions to continue after: {@code Last-Event-ID} on a reconnect, else {@code from}; null for the end. */
    private long[] categoryStart(String from, String lastEventId) {
        if (lastEventId != null) {
            return CategoryCheckpoint.parse(lastEventId, hub.partitions());
        }
        if (from == null || from.equals("start")) {
            return new long[hub.partitions()];
        }
        if (from.equals("end")) {
            return null;
        }
        return CategoryCheckpoint.parse(from, hub.partitions());
    }
}
