package at.meldestelle.infra.eventstore.forwarder;

import at.meldestelle.infra.eventstore.redis.EventCodec;
import io.quarkus.redis.datasource.stream.StreamMessage;

import java.util.Map;

/** One event waiting in a partition's outbox to be published, as the append script wrote it. */
record OutboxEntry(String id, Map<String, String> fields) {

    static OutboxEntry of(StreamMessage<String, String, String> message) {
        return new OutboxEntry(message.id(), message.payload());
    }

    /** An entry deleted after it was delivered comes back from XREADGROUP without fields. */
    boolean isEmpty() {
        return fields == null || fields.isEmpty();
    }

    String stream() {
        return EventCodec.outboxStream(fields);
    }

    EventCodec.OutboxEvent decode() {
        return EventCodec.decodeOutbox(fields);
    }
}
