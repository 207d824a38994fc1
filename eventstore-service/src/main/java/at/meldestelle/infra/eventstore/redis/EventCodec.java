package at.meldestelle.infra.eventstore.redis;

import at.meldestelle.infra.eventstore.stream.NewEvent;
import at.meldestelle.infra.eventstore.stream.StoredEvent;
import at.meldestelle.infra.shared.api.event.EventEnvelope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fields of a stored event (a stream entry) and of its copy in the partition outbox. The only
 * place their names are spelled: the Lua scripts receive the names they need as arguments.
 */
public final class EventCodec {

    static final String EVENT_ID = "id";
    static final String TYPE = "type";
    static final String SCHEMA_VERSION = "sv";
    static final String DATA = "data";
    static final String METADATA = "meta";
    static final String CONTENT_HASH = "h";
    static final String RECORDED_AT = "at";
    static final String POSITION = "pos";
    static final String STREAM = "s";
    static final String VERSION = "v";
    static final String TRACEPARENT = "tp";
    static final String CORRELATION_ID = "cid";
    static final String CHAIN = "ch";
    /** Added to a parked outbox entry: why Kafka refused it, and the id it had in the outbox. */
    public static final String PARKED_REASON = "reason";
    public static final String PARKED_OUTBOX_ID = "outboxId";

    /** Names and values per event given to the append: id, type, schema version, data, metadata, content and chain hash. */
    static final int EVENT_ITEMS = 14;

    /** The names append.lua needs, in its argument order. */
    static final List<String> SCRIPT_NAMES = List.of(EVENT_ID, CONTENT_HASH, RECORDED_AT, POSITION, STREAM, VERSION, CHAIN);

    private EventCodec() {
    }

    static void encode(NewEvent event, String chainHash, List<String> into) {
        into.add(EVENT_ID);
        into.add(event.eventId());
        into.add(TYPE);
        into.add(event.type());
        into.add(SCHEMA_VERSION);
        into.add(Integer.toString(event.schemaVersion()));
        into.add(DATA);
        into.add(event.data());
        into.add(METADATA);
        into.add(event.metadata());
        into.add(CONTENT_HASH);
        into.add(event.contentHash());
        into.add(CHAIN);
        into.add(chainHash);
    }

    /** The trace context that travels with the outbox copy only. */
    static List<String> encodeTrace(String traceparent, String correlationId) {
        return List.of(TRACEPARENT, traceparent == null ? "" : traceparent,
                CORRELATION_ID, correlationId == null ? "" : correlationId);
    }

    static EventEnvelope decodeStored(String stream, long version, Map<String, String> fields) {
        return envelope(stream, version, fields.get(POSITION), fields);
    }

    /** A stored event with its hashes, as a chain verification needs it. */
    static StoredEvent decodeWithHashes(long version, Map<String, String> fields) {
        return new StoredEvent(version, fields.get(EVENT_ID), fields.get(TYPE), Integer.parseInt(fields.get(SCHEMA_VERSION)),
                fields.get(DATA), fields.get(METADATA), fields.get(CONTENT_HASH), fields.get(CHAIN));
    }

    /** The stream an outbox entry belongs to. */
    public static String outboxStream(Map<String, String> fields) {
        return fields.get(STREAM);
    }

    /** An outbox entry. Throws when it is not one (a malformed or foreign entry). */
    public static OutboxEvent decodeOutbox(Map<String, String> fields) {
        EventEnvelope envelope = envelope(fields.get(STREAM), Long.parseLong(fields.get(VERSION)), fields.get(POSITION), fields);
        return new OutboxEvent(envelope, blankToNull(fields.get(TRACEPARENT)), blankToNull(fields.get(CORRELATION_ID)));
    }

    private static EventEnvelope envelope(String stream, long version, String position, Map<String, String> fields) {
        return new EventEnvelope(fields.get(EVENT_ID), fields.get(TYPE), stream, version,
                Integer.parseInt(fields.get(SCHEMA_VERSION)), raw(fields.get(DATA)), raw(fields.get(METADATA)),
                Instant.ofEpochMilli(Long.parseLong(fields.get(RECORDED_AT))), position);
    }

    /** Stored JSON was written by Jackson; it is handed on as it is, not parsed and written again. */
    static JsonNode raw(String json) {
        return JsonNodeFactory.instance.rawValueNode(new RawValue(json));
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** An event waiting in the outbox, with the trace context of the request that appended it. */
    public record OutboxEvent(EventEnvelope envelope, String traceparent, String correlationId) {
    }
}
