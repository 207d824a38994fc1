package at.meldestelle.infra.shared.runtime.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlatformSamplerTest {

    /** Trace-id ratio sampling keeps every trace whose id has a low random part: a client can choose such ids. */
    private static final String CHOSEN_TRACE_ID = "0123456789abcdef0000000000000000";
    private static final String SPAN_ID = "0123456789abcdef";

    private static TracingConfig config(double ratio, boolean edge) {
        return new TracingConfig() {
            @Override
            public String zipkinUrl() {
                return "http://localhost:9411";
            }

            @Override
            public double sampleRatio() {
                return ratio;
            }

            @Override
            public boolean edge() {
                return edge;
            }
        };
    }

    private static Context remoteParent(boolean sampled) {
        SpanContext parent = SpanContext.createFromRemoteParent(CHOSEN_TRACE_ID, SPAN_ID,
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
        return Context.root().with(Span.wrap(parent));
    }

    private static SamplingDecision decide(Sampler sampler, Context parent, SpanKind kind) {
        return sampler.shouldSample(parent, CHOSEN_TRACE_ID, "GET /x", kind, Attributes.empty(), List.of()).getDecision();
    }

    @Test
    void theEdgeTrustsNeitherTheFlagNorTheTraceIdOfAnOutsideParent() {
        Sampler neverDrawn = PlatformSampler.create(config(0.1, true), () -> 0.99);
        assertEquals(SamplingDecision.DROP, decide(neverDrawn, remoteParent(true), SpanKind.SERVER));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(neverDrawn, Context.root(), SpanKind.SERVER),
                "without a parent the trace id is the platform's own, and the ratio decides by it");
        Sampler drawn = PlatformSampler.create(config(0.1, true), () -> 0.05);
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(drawn, remoteParent(false), SpanKind.SERVER));
    }

    @Test
    void insideThePlatformAServiceFollowsItsCaller() {
        Sampler sampler = PlatformSampler.create(config(0.0, false), () -> 0.0);
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, remoteParent(true), SpanKind.SERVER));
        Sampler all = PlatformSampler.create(config(1.0, false), () -> 0.0);
        assertEquals(SamplingDecision.DROP, decide(all, remoteParent(false), SpanKind.SERVER));
    }

    @Test
    void aClientCallStartingATraceOfItsOwnIsNeverTraced() {
        Sampler all = PlatformSampler.create(config(1.0, false), () -> 0.0);
        assertEquals(SamplingDecision.DROP, decide(all, Context.root(), SpanKind.CLIENT));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(all, Context.root(), SpanKind.SERVER));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(all, Context.root(), SpanKind.CONSUMER));
    }

    @Test
    void aRatioOutsideZeroToOneIsRefusedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlatformSampler.create(config(1.5, false)));
        assertEquals(true, e.getMessage().contains("TRACING_SAMPLE_RATIO"));
    }
}
