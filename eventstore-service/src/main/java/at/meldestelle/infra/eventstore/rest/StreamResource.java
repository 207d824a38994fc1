package at.meldestelle.infra.eventstore.rest;

import at.meldestelle.infra.eventstore.config.Operations;
import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.store.AppendOutcome;
import at.meldestelle.infra.eventstore.store.ChangeOutcome;
import at.meldestelle.infra.eventstore.store.EventStore;
import at.meldestelle.infra.eventstore.store.Lookup;
import at.meldestelle.infra.eventstore.stream.AppendRequest;
import at.meldestelle.infra.eventstore.stream.AppendResult;
import at.meldestelle.infra.eventstore.stream.ChainReport;
import at.meldestelle.infra.eventstore.stream.ExpectedVersion;
import at.meldestelle.infra.eventstore.stream.ReadDirection;
import at.meldestelle.infra.eventstore.stream.ReadPage;
import at.meldestelle.infra.eventstore.stream.Snapshot;
import at.meldestelle.infra.eventstore.stream.StreamInfo;
import at.meldestelle.infra.eventstore.stream.StreamMetadata;
import at.meldestelle.infra.eventstore.stream.StreamName;
import at.meldestelle.infra.eventstore.upcast.Upcasters;
import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.quarkus.security.PermissionsAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

@Path("/streams/{stream}")
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

    private final EventStore store;
    private final Upcasters upcasters;
    private final ObjectMapper json;
    private final AppendRequest.Limits limits;
    private final int maxPageEvents;
    private final long maxSnapshotBytes;

    public StreamResource(EventStore store, Upcasters upcasters, ObjectMapper json, EventStoreConfig config) {
        this.store = store;
        this.upcasters = upcasters;
        this.json = json;
        EventStoreConfig.Limits configured = config.limits();
        this.limits = new AppendRequest.Limits(configured.eventsPerAppend(), configured.eventBytes().asLongValue(),
                configured.appendBytes().asLongValue());
        this.maxPageEvents = configured.pageEvents();
        this.maxSnapshotBytes = configured.snapshotBytes().asLongValue();
    }

    @PermissionsAllowed(Operations.APPEND)
    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> append(@RestPath String stream, JsonNode body, @RestHeader(CorrelationId.HEADER) String correlationId) {
        StreamName name = StreamName.parse(stream);
        AppendRequest request = AppendRequest.parse(body, limits, json);
        return store.append(name, request, traceparent(), correlationId).map(outcome -> {
            AppendResult result;
            if (outcome instanceof AppendOutcome.Appended appended) {
                result = appended.result();
            } else if (outcome instanceof AppendOutcome.Repeated repeated) {
                result = repeated.result();
            } else {
                throw EventStoreProblems.appendFailure(name, request.expectedVersion(), outcome);
            }
            return Response.created(URI.create("/streams/" + name + "/events?from=" + result.firstVersion())).entity(result).build();
        });
    }

    @PermissionsAllowed(Operations.READ)
    @GET
    @Path("/events")
    public Uni<Response> read(@RestPath String stream, @RestQuery String from, @RestQuery String limit, @RestQuery String direction) {
        StreamName name = StreamName.parse(stream);
        ReadDirection readDirection = ReadDirection.parse(direction);
        boolean forward = readDirection == ReadDirection.FORWARD;
        long fromVersion = number("from", from, forward ? 1 : Long.MAX_VALUE, 0, Long.MAX_VALUE);
        int count = (int) number("limit", limit, 100, 1, maxPageEvents);
        long start = forward ? Math.max(fromVersion, 1) : (fromVersion == 0 ? Long.MAX_VALUE : fromVersion);
        return store.read(name, start, count, readDirection).map(lookup -> {
            ReadPage page = found(name, lookup, "Stream " + name);
            Response.ResponseBuilder response = Response.ok(page.events().stream().map(upcasters::upcast).toList());
            page.next().ifPresent(next -> response.link(URI.create("/streams/" + name + "/events?from=" + next + "&limit=" + count
                    + "&direction=" + readDirection.name().toLowerCase(Locale.ROOT)), "next"));
            return response.build();
        });
    }

    @PermissionsAllowed(Operations.READ)
    @GET
    public Uni<StreamInfo> info(@RestPath String stream) {
        StreamName name = StreamName.parse(stream);
        return store.info(name).map(lookup -> found(name, lookup, "Stream " + name));
    }

    /** Recomputes the stream's hash chain; names the first broken version. */
    @PermissionsAllowed(Operations.READ)
    @GET
    @Path("/verify")
    public Uni<ChainReport> verify(@RestPath String stream) {
        StreamName name = StreamName.parse(stream);
        return store.verify(name).map(lookup -> found(name, lookup, "Stream " + name));
    }

    @PermissionsAllowed(Operations.ADMIN)
    @PUT
    @Path("/metadata")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> setMetadata(@RestPath String stream, JsonNode body) {
        StreamName name = StreamName.parse(stream);
        return store.setMetadata(name, StreamMetadata.parse(body)).map(outcome -> done(name, outcome));
    }

    @PermissionsAllowed(Operations.ADMIN)
    @DELETE
    public Uni<Response> delete(@RestPath String stream, @RestQuery String hard, @RestQuery String expectedVersion) {
        StreamName name = StreamName.parse(stream);
        return store.delete(name, flag("hard", hard), ExpectedVersion.ofQuery(expectedVersion)).map(outcome -> done(name, outcome));
    }

    @PermissionsAllowed(Operations.APPEND)
    @PUT
    @Path("/snapshot")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> putSnapshot(@RestPath String stream, JsonNode body) {
        StreamName name = StreamName.parse(stream);
        if (body == null || !body.isObject() || !body.has("data") || body.get("version") == null
                || !body.get("version").canConvertToLong() || !body.get("version").isIntegralNumber() || body.get("version").longValue() < 1) {
            throw ProblemException.badRequest("A snapshot is {\"version\": N >= 1, \"data\": ...}: the aggregate's state as of version N.");
        }
        if (body.get("data").toString().length() > maxSnapshotBytes) {
            throw new ProblemException(Problem.ofStatus(413,
                    "A snapshot's data may be at most " + maxSnapshotBytes + " bytes."));
        }
        return store.putSnapshot(name, body.get("version").longValue(), body.get("data")).map(outcome -> done(name, outcome));
    }

    @PermissionsAllowed(Operations.READ)
    @GET
    @Path("/snapshot")
    public Uni<Snapshot> snapshot(@RestPath String stream) {
        StreamName name = StreamName.parse(stream);
        return store.snapshot(name).map(lookup -> found(name, lookup, "A snapshot of stream " + name));
    }

    private static <T> T found(StreamName stream, Lookup<T> lookup, String what) {
        if (lookup instanceof Lookup.Found<T> found) {
            return found.value();
        }
        throw EventStoreProblems.lookupFailure(stream, lookup, what);
    }

    private static Response done(StreamName stream, ChangeOutcome outcome) {
        if (outcome instanceof ChangeOutcome.Done) {
            return Response.noContent().build();
        }
        throw EventStoreProblems.changeFailure(stream, outcome);
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ProblemException.badRequest(name + " must be true or false, not '" + value + "'.");
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
