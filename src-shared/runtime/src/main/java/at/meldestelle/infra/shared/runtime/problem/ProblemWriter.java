package at.meldestelle.infra.shared.runtime.problem;

import at.meldestelle.infra.shared.api.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;

/**
 * Writes problems outside JAX-RS (router handlers, filters, the gateway's proxy) with the
 * application's configured ObjectMapper, so they read like those REST endpoints answer with.
 */
@Singleton
public class ProblemWriter {

    private final ObjectMapper json;

    public ProblemWriter(ObjectMapper json) {
        this.json = json;
    }

    public Buffer toJson(Problem problem) {
        try {
            return Buffer.buffer(json.writeValueAsBytes(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem could not be written as JSON", e);
        }
    }

    /** Ends a raw Vert.x response with the problem, unless the response was already sent. */
    public void send(HttpServerResponse response, Problem problem) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(problem.getStatus())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(toJson(problem));
    }
}
