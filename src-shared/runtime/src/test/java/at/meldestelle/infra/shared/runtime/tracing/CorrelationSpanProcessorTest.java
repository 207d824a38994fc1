package at.meldestelle.infra.shared.runtime.tracing;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The processor inside the real OpenTelemetry SDK, as Quarkus wires it. */
class CorrelationSpanProcessorTest {

    private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(new CorrelationSpanProcessor()).build();
    private final Tracer tracer = provider.get("test");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aChildSpanTakesTheIdOfItsLocalParent() {
        Span parent = tracer.spanBuilder("server").setParent(Context.root()).startSpan();
        parent.setAttribute(CorrelationSpanProcessor.ATTRIBUTE, "req-1");
        Span child = tracer.spanBuilder("redis").setParent(Context.root().with(parent)).startSpan();
        Span grandchild = tracer.spanBuilder("kafka").setParent(Context.root().with(child)).startSpan();

        assertEquals("req-1", idOf(child));
        assertEquals("req-1", idOf(grandchild));
    }

    @Test
    void aSpanWithARemoteParentTakesTheIdFromBaggage() {
        Context remote = Context.root()
                .with(Baggage.builder().put("correlation.id", "req-2").build())
                .with(Span.wrap(SpanContext.createFromRemoteParent("0123456789abcdef0123456789abcdef", "0123456789abcdef",
                        TraceFlags.getSampled(), TraceState.getDefault())));

        assertEquals("req-2", idOf(tracer.spanBuilder("consumer").setParent(remote).startSpan()));
    }

    @Test
    void aLocalParentsIdWinsOverBaggage() {
        Span parent = tracer.spanBuilder("server").setParent(Context.root()).startSpan();
        parent.setAttribute(CorrelationSpanProcessor.ATTRIBUTE, "from-the-filter");
        Context context = Context.root().with(parent).with(Baggage.builder().put("correlation.id", "from-a-client").build());

        assertEquals("from-the-filter", idOf(tracer.spanBuilder("client").setParent(context).startSpan()));
    }

    @Test
    void baggageAnEdgeWouldRefuseIsIgnored() {
        for (String forged : new String[] {"", "two words", "x".repeat(129), "<script>", "id\nFORGED log line"}) {
            Context context = Context.root().with(Baggage.builder().put("correlation.id", forged).build());
            assertNull(idOf(tracer.spanBuilder("server").setParent(context).startSpan()), forged);
        }
    }

    @Test
    void aSpanWithNothingToGoOnHasNoId() {
        assertNull(idOf(tracer.spanBuilder("background").setParent(Context.root()).startSpan()));
    }

    private static String idOf(Span span) {
        return ((ReadableSpan) span).getAttribute(CorrelationSpanProcessor.ATTRIBUTE);
    }
}
