package at.meldestelle.infra.eventstore.subscription;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Server-Sent Events on a raw Vert.x response. Written by hand because a subscription decides its
 * status (400, 404, 410) only after an asynchronous check, and must see the socket's write queue to
 * fall back from live pushes to reads when a client is slower than the stream.
 */
final class SseChannel {

    private final HttpServerResponse response;

    SseChannel(HttpServerResponse response) {
        this.response = response;
    }

    void open() {
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                // nginx and other proxies would otherwise hold events back to fill their buffers.
                .putHeader("X-Accel-Buffering", "no")
                .write(":\n\n");
    }

    /** One event; {@code id} and {@code event} may be null. */
    void send(String id, String event, String data) {
        StringBuilder frame = new StringBuilder(data.length() + 64);
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        if (event != null) {
            frame.append("event: ").append(event).append('\n');
        }
        // A line break inside data would end the field; JSON written by Jackson has none, but stay safe.
        for (String line : data.split("\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        frame.append('\n');
        response.write(Buffer.buffer(frame.toString()));
    }

    void comment(String text) {
        response.write(": " + text + "\n\n");
    }

    /** False while the client has not taken what was written: then pushing more would only fill memory. */
    boolean writable() {
        return !response.writeQueueFull();
    }

    void whenWritable(Runnable action) {
        response.drainHandler(v -> action.run());
    }

    void onClose(Runnable action) {
        response.closeHandler(v -> action.run());
    }

    void end() {
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }
}
