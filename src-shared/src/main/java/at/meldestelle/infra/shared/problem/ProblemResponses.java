package at.meldestelle.infra.shared.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Response;

/** Writes problems as JAX-RS responses or straight onto a Vert.x response. */
public final class ProblemResponses {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProblemResponses() {
    }

    public static Response of(Problem problem) {
        return Response.status(problem.getStatus()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    public static Buffer toJson(Problem problem) {
        try {
            return Buffer.buffer(MAPPER.writeValueAsBytes(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem could not be written as JSON", e);
        }
    }

    /** Ends a raw Vert.x response with the problem, unless the response was already sent. */
    public static void send(HttpServerResponse response, Problem problem) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(problem.getStatus())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(toJson(problem));
    }
}
