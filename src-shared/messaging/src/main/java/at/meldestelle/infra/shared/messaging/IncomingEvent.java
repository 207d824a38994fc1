package at.meldestelle.infra.shared.messaging;

import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A CloudEvent (binary mode, DESIGN section 4) as a consumer received it from Kafka, with where it
 * came from. {@link #from} decodes strictly: a record that is not a CloudEvent 1.0 with a UTF-8
 * payload is a {@link PoisonEventException}, never a half-read event.
 *
 * @param data the payload as text (JSON by the platform's convention; the handler parses it)
 */
public record IncomingEvent(String id, String type, String source, String subject, String correlationId,
                            String data, String topic, int partition, long offset) {

    /** Longest {@code ce_id} and {@code ce_type} taken: ids become Redis keys of the idempotent consumer. */
    static final int MAX_ID_LENGTH = 256;
    static final int MAX_SOURCE_LENGTH = 1024;

    /** The event of a record read with byte-array deserializers (the kit's consumer default). */
    public static IncomingEvent from(Message<byte[]> message) {
        IncomingKafkaRecordMetadata<?, ?> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new PoisonEventException("Not a Kafka record: " + message));
        Headers headers = record.getHeaders();
        String specVersion = header(headers, CloudEventHeaders.SPEC_VERSION, 16);
        if (!CloudEventHeaders.SPEC_VERSION_VALUE.equals(specVersion)) {
            throw new PoisonEventException("Not a CloudEvent 1.0 in binary mode: " + CloudEventHeaders.SPEC_VERSION
                    + " is " + (specVersion == null ? "missing" : "'" + specVersion + "'"));
        }
        String id = required(headers, CloudEventHeaders.ID, MAX_ID_LENGTH);
        String type = required(headers, CloudEventHeaders.TYPE, MAX_ID_LENGTH);
        String source = required(headers, CloudEventHeaders.SOURCE, MAX_SOURCE_LENGTH);
        String subject = header(headers, CloudEventHeaders.SUBJECT, MAX_SOURCE_LENGTH);
        String correlationId = correlationId(headers);
        byte[] payload = message.getPayload();
        if (payload == null) {
            throw new PoisonEventException("The event " + id + " has no payload");
        }
        return new IncomingEvent(id, type, source, subject, correlationId, utf8(payload, "payload"),
                record.getTopic(), record.getPartition(), record.getOffset());
    }

    /** The producer's correlation id when it is one the platform would accept at its edge; otherwise none. */
    private static String correlationId(Headers headers) {
        Header header = headers.lastHeader(CloudEventHeaders.CORRELATION_ID);
        if (header == null || header.value() == null || header.value().length > 128) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.UTF_8);
        return CorrelationId.isAcceptable(value) ? value : null;
    }

    private static String required(Headers headers, String name, int maxLength) {
        String value = header(headers, name, maxLength);
        if (value == null || value.isEmpty()) {
            throw new PoisonEventException("The CloudEvent has no " + name);
        }
        return value;
    }

    /** The last header of the name, or null; a value over {@code maxLength} characters or not UTF-8 is poison. */
    private static String header(Headers headers, String name, int maxLength) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        if (header.value().length > maxLength * 4) {
            throw new PoisonEventException("The header " + name + " is longer than " + maxLength + " characters");
        }
        String value = utf8(header.value(), "header " + name);
        if (value.length() > maxLength) {
            throw new PoisonEventException("The header " + name + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PoisonEventException("The " + what + " is not UTF-8", e);
        }
    }
}
