package at.meldestelle.infra.shared.runtime.correlation;

import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import at.meldestelle.infra.shared.runtime.tracing.TracingConfig;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * Gives every request a correlation id: the caller's, or a new one. It is put back on the request
 * headers (so a proxied request carries it on), into the MDC, onto the server span and into the
 * W3C baggage that outgoing HTTP calls and Kafka records carry (so the spans of other services get
 * it too, see {@code CorrelationSpanProcessor}), and echoed on the response.
 */
@ApplicationScoped
public class CorrelationIdFilter {

    /** Before the security filters, so even a 401 carries the id. */
    private static final int PRIORITY = 1000;

    private final boolean edge;

    public CorrelationIdFilter(TracingConfig tracing) {
        this.edge = tracing.edge();
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext ctx) {
        String id = CorrelationId.acceptOrCreate(ctx.request().getHeader(CorrelationId.HEADER));
        ctx.request().headers().set(CorrelationId.HEADER, id);
        ctx.put(CorrelationId.KEY, id);
        MDC.put(CorrelationId.KEY, id);
        Span.current().setAttribute(CorrelationId.SPAN_ATTRIBUTE, id);
        carryInBaggage(id, edge);
        ctx.addHeadersEndHandler(v -> ctx.response().headers().set(CorrelationId.HEADER, id));
        ctx.next();
    }

    /**
     * Replaces whatever a caller sent under the same baggage key; at the edge a client's baggage is
     * dropped whole, so that no client data travels to internal services. The scope stays open on purpose:
     * Quarkus keeps the OpenTelemetry context in the request's own duplicated Vert.x context, which
     * ends with the request. On any other context it would outlive the request, so nothing is set.
     */
    @SuppressWarnings("resource")
    private static void carryInBaggage(String id, boolean edge) {
        if (VertxContext.isOnDuplicatedContext()) {
            Baggage inbound = edge ? Baggage.empty() : Baggage.current();
            Context.current().with(inbound.toBuilder().put(CorrelationId.BAGGAGE_KEY, id).build()).makeCurrent();
        }
    }
}
