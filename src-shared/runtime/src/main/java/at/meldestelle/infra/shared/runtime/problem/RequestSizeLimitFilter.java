package at.meldestelle.infra.shared.runtime.problem;

import at.meldestelle.infra.shared.api.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Quarkus answers a request whose Content-Length exceeds {@code quarkus.http.limits.max-body-size}
 * with a bare 413 before any handler of ours runs. This filter runs first and gives the same
 * answer as problem+json. (Bodies without Content-Length are still cut off by Quarkus as they stream.)
 */
@ApplicationScoped
public class RequestSizeLimitFilter {

    /** After the correlation id filter, so the 413 still carries the id. */
    private static final int PRIORITY = 900;

    private final long maxBodyBytes;
    private final ProblemWriter problems;

    public RequestSizeLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                                  ProblemWriter problems) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.problems = problems;
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length != null && exceeds(length)) {
            ctx.response().putHeader("Connection", "close");
            problems.send(ctx.response(), Problem.ofStatus(413,
                    "The request body is larger than the limit of " + maxBodyBytes + " bytes."));
            return;
        }
        ctx.next();
    }

    private boolean exceeds(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x rejects a malformed Content-Length itself
        }
    }
}
