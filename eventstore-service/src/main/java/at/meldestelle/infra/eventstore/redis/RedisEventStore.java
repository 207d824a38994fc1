package at.meldestelle.infra.eventstore.redis;

import at.meldestelle.infra.eventstore.config.EventStoreConfig;
import at.meldestelle.infra.eventstore.rest.EventStoreProblems;
import at.meldestelle.infra.eventstore.stream.AppendRequest;
import at.meldestelle.infra.eventstore.stream.AppendResult;
import at.meldestelle.infra.eventstore.stream.NewEvent;
import at.meldestelle.infra.eventstore.stream.ReadDirection;
import at.meldestelle.infra.eventstore.stream.StreamName;
import at.meldestelle.infra.shared.api.event.EventEnvelope;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import at.meldestelle.infra.shared.redis.LuaScript;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Streams on Redis: appends through one Lua script (version check and write together), reads by version. */
@ApplicationScoped
public class RedisEventStore {

    private static final LuaScript APPEND = LuaScript.fromResource("/lua/append.lua");

    private final ReactiveRedisDataSource redis;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ObjectMapper json;
    private final int partitions;

    public RedisEventStore(ReactiveRedisDataSource redis, ObjectMapper json, EventStoreConfig config) {
        this.redis = redis;
        this.streams = redis.stream(String.class);
        this.hashes = redis.hash(String.class);
        this.json = json;
        this.partitions = config.partitions();
    }

    public int partitionOf(StreamName stream) {
        return stream.partition(partitions);
    }

    public Uni<AppendResult> append(StreamName stream, AppendRequest request, String traceparent, String correlationId) {
        int partition = partitionOf(stream);
        List<String> keys = List.of(StoreKeys.events(partition, stream), StoreKeys.meta(partition, stream),
                StoreKeys.eventIds(partition, stream), StoreKeys.outbox(partition));
        List<String> args = new ArrayList<>(6 + request.events().size() * 5);
        args.add(request.expectedVersion().encoded());
        args.add(stream.value());
        args.add(Integer.toString(partition));
        args.add(traceparent == null ? "" : traceparent);
        args.add(correlationId == null ? "" : correlationId);
        args.add(Integer.toString(request.events().size()));
        for (NewEvent event : request.events()) {
            args.add(event.eventId());
            args.add(event.type());
            args.add(Integer.toString(event.schemaVersion()));
            args.add(write(event.data()));
            args.add(write(event.metadata()));
        }
        return APPEND.run(redis, keys, args).map(response -> toResult(stream, request, response));
    }

    /** A page of events, or a 404 problem when the stream never had an event. */
    public Uni<List<EventEnvelope>> read(StreamName stream, long from, int limit, ReadDirection direction) {
        int partition = partitionOf(stream);
        String key = StoreKeys.events(partition, stream);
        return hashes.hget(StoreKeys.meta(partition, stream), "version").flatMap(version -> {
            if (version == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Stream " + stream + " does not exist."));
            }
            Uni<List<StreamMessage<String, String, String>>> page = direction == ReadDirection.FORWARD
                    ? streams.xrange(key, StreamRange.of("0-" + from, "+"), limit)
                    : streams.xrevrange(key, StreamRange.of(from <= 0 ? "+" : "0-" + from, "-"), limit);
            return page.map(messages -> messages.stream().map(m -> toEnvelope(stream, m)).toList());
        });
    }

    private AppendResult toResult(StreamName stream, AppendRequest request, Response response) {
        String status = response.get(0).toString();
        switch (status) {
            case "ok", "duplicate" -> {
                return new AppendResult(response.get(1).toLong(), response.get(2).toLong());
            }
            case "wrong_version" -> throw new ProblemException(EventStoreProblems.WRONG_EXPECTED_VERSION.problem(
                            "Stream " + stream + " is at version " + response.get(1).toLong()
                                    + ", the append expected " + request.expectedVersion().encoded() + ".")
                    .with("currentVersion", response.get(1).toLong())
                    .with("expectedVersion", request.expectedVersion().encoded()));
            case "partial" -> throw new ProblemException(EventStoreProblems.PARTIALLY_APPENDED_BATCH.problem(
                            "Some but not all eventIds of this batch were appended to " + stream
                                    + " before, or in another order; resend the original batch or use new eventIds.")
                    .with("currentVersion", response.get(1).toLong()));
            case "inconsistent" -> throw new IllegalStateException("Stream " + stream + " is inconsistent: its meta says version "
                    + response.get(1).toLong() + " but its last entry id is " + response.get(2)
                    + "; nothing was appended. Was Redis running with an evicting maxmemory-policy?");
            default -> throw new IllegalStateException("Append script answered " + status);
        }
    }

    private EventEnvelope toEnvelope(StreamName stream, StreamMessage<String, String, String> message) {
        Map<String, String> f = message.payload();
        String id = message.id();
        return new EventEnvelope(f.get("eventId"), f.get("type"), stream.value(),
                Long.parseLong(id.substring(id.indexOf('-') + 1)),
                Integer.parseInt(f.get("schemaVersion")),
                parseJson(f.get("data")), parseJson(f.get("metadata")),
                Instant.ofEpochMilli(Long.parseLong(f.get("recordedAt"))),
                f.get("position"));
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON tree could not be written back", e);
        }
    }

    private JsonNode parseJson(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event JSON is unreadable", e);
        }
    }
}
