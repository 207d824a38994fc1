package at.meldestelle.infra.shared.runtime.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Decides where a trace starts: a share of the requests, and never a trace that a client call
 * starts on its own (background polling such as the event store's outbox sweep would otherwise
 * flood Zipkin with one-span traces). Spans with a parent in this process follow it; see
 * {@link #create}.
 */
final class PlatformSampler implements Sampler {

    private final Sampler share;

    private PlatformSampler(Sampler share) {
        this.share = share;
    }

    /**
     * Inside the platform a span follows its remote parent's decision, so one request is traced
     * whole or not at all. At the edge a remote parent comes from outside: its sampled flag is not
     * trusted, and neither is its trace id, which the trace-id ratio would decide by (a client
     * could pick ids that are always kept). The edge draws at random for those.
     */
    static Sampler create(TracingConfig config) {
        return create(config, () -> ThreadLocalRandom.current().nextDouble());
    }

    static Sampler create(TracingConfig config, DoubleSupplier random) {
        double ratio = config.sampleRatio();
        if (!(ratio >= 0.0 && ratio <= 1.0)) {
            throw new IllegalArgumentException("meldestelle.tracing.sample-ratio (TRACING_SAMPLE_RATIO) must be from 0 to 1, not " + ratio);
        }
        Sampler root = new PlatformSampler(Sampler.traceIdRatioBased(ratio));
        if (!config.edge()) {
            return Sampler.parentBased(root);
        }
        Sampler fromOutside = new PlatformSampler(new RandomShare(ratio, random));
        return Sampler.parentBasedBuilder(root)
                .setRemoteParentSampled(fromOutside)
                .setRemoteParentNotSampled(fromOutside)
                .build();
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        return spanKind == SpanKind.CLIENT
                ? SamplingResult.drop()
                : share.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "PlatformSampler{" + share.getDescription() + ", drop root CLIENT spans}";
    }

    /** Keeps a share of the spans by a random draw, whatever their trace id. */
    private record RandomShare(double ratio, DoubleSupplier random) implements Sampler {

        @Override
        public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                           Attributes attributes, List<LinkData> parentLinks) {
            return random.getAsDouble() < ratio ? SamplingResult.recordAndSample() : SamplingResult.drop();
        }

        @Override
        public String getDescription() {
            return "RandomShare{" + ratio + "}";
        }
    }
}
