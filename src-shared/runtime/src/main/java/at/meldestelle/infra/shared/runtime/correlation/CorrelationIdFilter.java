package at.meldestelle.infra.shared.runtime.correlation;

import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import io.opentelemetry.api.trace.Span;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * Gives every request a correlation id: the caller's, or a new one. It is put back on the request
 * headers (so a proxied request carries it on), into the MDC and the current span, and echoed on
 * the response.
 */
@ApplicationScoped
public class CorrelationIdFilter {

    /** Before the security filters, so even a 401 carries the id. */
    private static final int PRIORITY = 1000;

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext ctx) {
        String id = CorrelationId.acceptOrCreate(ctx.request().getHeader(CorrelationId.HEADER));
        ctx.request().headers().set(CorrelationId.HEADER, id);
        ctx.put(CorrelationId.KEY, id);
        MDC.put(CorrelationId.KEY, id);
        Span.current().setAttribute("correlation.id", id);
        ctx.addHeadersEndHandler(v -> ctx.response().headers().set(CorrelationId.HEADER, id));
        ctx.next();
    }
}
