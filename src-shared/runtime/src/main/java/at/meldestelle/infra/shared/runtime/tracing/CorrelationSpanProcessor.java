package at.meldestelle.infra.shared.runtime.tracing;

import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;

/**
 * Puts the request's correlation id on every span as it starts (Quarkus adds every CDI
 * {@link SpanProcessor} to the tracer): the id of the local parent span, or else the one that came
 * with a remote parent in W3C baggage, over HTTP or in Kafka record headers. A span the correlation
 * filter has not reached yet (a server span) gets the id from that filter instead.
 */
@Singleton
public class CorrelationSpanProcessor implements SpanProcessor {

    static final AttributeKey<String> ATTRIBUTE = AttributeKey.stringKey(CorrelationId.SPAN_ATTRIBUTE);

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String id = correlationIdOf(parentContext);
        if (id != null) {
            span.setAttribute(ATTRIBUTE, id);
        }
    }

    static String correlationIdOf(Context parentContext) {
        if (Span.fromContext(parentContext) instanceof ReadableSpan localParent) {
            String id = localParent.getAttribute(ATTRIBUTE);
            if (id != null) {
                return id;
            }
        }
        // Baggage may come from a client: only an id the edge would have accepted is taken.
        String carried = Baggage.fromContext(parentContext).getEntryValue(CorrelationId.BAGGAGE_KEY);
        return CorrelationId.isAcceptable(carried) ? carried : null;
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        // nothing to do when a span ends
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
