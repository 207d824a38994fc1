package at.meldestelle.infra.eventstore.rest;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.forwarder.OutboxForwarder;
import at.meldestelle.infra.eventstore.redis.RedisEventStore;
import at.meldestelle.infra.eventstore.stream.AppendRequest;
import at.meldestelle.infra.eventstore.stream.AppendResult;
import at.meldestelle.infra.eventstore.stream.ReadDirection;
import at.meldestelle.infra.eventstore.stream.StreamName;
import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import at.meldestelle.infra.shared.api.event.EventEnvelope;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@Path("/streams/{stream}/events")
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

    private final RedisEventStore store;
    private final OutboxForwarder forwarder;
    private final EventStoreConfig config;

    public StreamResource(RedisEventStore store, OutboxForwarder forwarder, EventStoreConfig config) {
        this.store = store;
        this.forwarder = forwarder;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> append(@RestPath String stream, JsonNode body,
                                @RestHeader(CorrelationId.HEADER) String correlationId) {
        StreamName name = StreamName.parse(stream);
        AppendRequest request = AppendRequest.parse(body, config.maxEventsPerAppend());
        return store.append(name, request, traceparent(), correlationId)
                .invoke(() -> forwarder.wake(store.partitionOf(name)))
                .map(result -> Response.created(URI.create("/streams/" + name + "/events?from=" + result.firstVersion()))
                        .entity(result).build());
    }

    @GET
    public Uni<List<EventEnvelope>> read(@RestPath String stream,
                                         @RestQuery String from,
                                         @RestQuery String limit,
                                         @RestQuery String direction) {
        StreamName name = StreamName.parse(stream);
        ReadDirection readDirection = ReadDirection.parse(direction);
        long fromVersion = number("from", from, readDirection == ReadDirection.FORWARD ? 1 : 0, 0, Long.MAX_VALUE);
        int pageSize = (int) number("limit", limit, 100, 1, config.maxPageSize());
        return store.read(name, Math.max(fromVersion, readDirection == ReadDirection.FORWARD ? 1 : 0), pageSize, readDirection);
    }

    private static long number(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'.");
    }

    /** W3C traceparent of the current span, stored with the event so the Kafka producer span joins the trace. */
    private static String traceparent() {
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get("traceparent");
    }
}
