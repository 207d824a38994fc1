package at.meldestelle.infra.shared.runtime.problem;

import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;

/** Turns every exception that leaves a REST endpoint into problem+json; never a stack trace. */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return ProblemResponses.of(e.problem());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        Response original = e.getResponse();
        Response.ResponseBuilder builder = Response.fromResponse(ProblemResponses.of(
                Problem.ofStatus(original.getStatus(), e.getMessage())));
        // Keep protocol headers such as Allow (405) or WWW-Authenticate (401).
        original.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return ProblemResponses.of(Problem.ofStatus(400, "The request body is not valid JSON: " + e.getOriginalMessage()));
    }

    /**
     * A body that outgrew the size limit while it came in (RequestSizeLimitFilter answered 413 already
     * when its length was declared): the client's doing, not ours, so no ERROR for each such request.
     * Vert.x says so only in the message. Other I/O failures are unexpected and logged.
     */
    @ServerExceptionMapper
    public Response bodyTooLarge(IOException e) {
        if (!"Request too large".equals(e.getMessage())) {
            return unexpected(e);
        }
        LOG.debugf("Request body too large: %s", e);
        return ProblemResponses.of(Problem.ofStatus(413, "The request body is larger than this endpoint accepts."));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (UnavailableDependency.isCauseOf(e)) {
            LOG.warnf("A dependency is unavailable: %s", e.toString());
            return Response.fromResponse(ProblemResponses.of(UnavailableDependency.problem()))
                    .header("Retry-After", UnavailableDependency.RETRY_AFTER_SECONDS).build();
        }
        LOG.error("Unhandled exception", e);
        return ProblemResponses.of(Problem.ofStatus(500, "An unexpected error occurred; it has been logged."));
    }
}
