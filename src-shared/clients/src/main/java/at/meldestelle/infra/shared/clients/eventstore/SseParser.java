package at.meldestelle.infra.shared.clients.eventstore;

import io.vertx.mutiny.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Server-Sent Events body into frames, chunk by chunk. Lines are cut at the byte level, so
 * a UTF-8 character split across two chunks is decoded whole.
 */
final class SseParser {

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private String id;
    private String event;
    private StringBuilder data;

    List<SseFrame> feed(Buffer chunk) {
        List<SseFrame> frames = new ArrayList<>(1);
        byte[] bytes = chunk.getBytes();
        for (byte b : bytes) {
            if (b == '\n') {
                accept(line.toString(StandardCharsets.UTF_8), frames);
                line.reset();
            } else if (b != '\r') {
                line.write(b);
            }
        }
        return frames;
    }

    private void accept(String text, List<SseFrame> frames) {
        if (text.isEmpty()) {
            if (data != null) {
                frames.add(new SseFrame(id, event, data.toString()));
            }
            id = null;
            event = null;
            data = null;
        } else if (text.startsWith("id:")) {
            id = value(text, 3);
        } else if (text.startsWith("event:")) {
            event = value(text, 6);
        } else if (text.startsWith("data:")) {
            String value = value(text, 5);
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
    }

    private static String value(String line, int start) {
        return line.startsWith(" ", start) ? line.substring(start + 1) : line.substring(start);
    }
}
