package at.meldestelle.infra.shared.runtime.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import java.util.List;

/**
 * Decides where a trace starts: a share of the requests (by trace id, so every service that
 * decides for one trace decides alike), and never a trace that a client call starts on its own:
 * background polling such as the event store's outbox sweep would otherwise flood Zipkin with
 * one-span traces. Spans with a parent in this process follow it; see {@link #create}.
 */
final class PlatformSampler implements Sampler {

    private final Sampler ratio;

    private PlatformSampler(Sampler ratio) {
        this.ratio = ratio;
    }

    /**
     * Inside the platform a span follows its remote parent's decision, so one request is traced
     * whole or not at all. At the edge a remote parent comes from outside, and the edge decides.
     */
    static Sampler create(TracingConfig config) {
        double share = config.sampleRatio();
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("meldestelle.tracing.sample-ratio (TRACING_SAMPLE_RATIO) must be from 0 to 1, not " + share);
        }
        Sampler root = new PlatformSampler(Sampler.traceIdRatioBased(share));
        if (!config.edge()) {
            return Sampler.parentBased(root);
        }
        return Sampler.parentBasedBuilder(root)
                .setRemoteParentSampled(root)
                .setRemoteParentNotSampled(root)
                .build();
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        return spanKind == SpanKind.CLIENT
                ? SamplingResult.drop()
                : ratio.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "PlatformSampler{" + ratio.getDescription() + ", drop root CLIENT spans}";
    }
}
