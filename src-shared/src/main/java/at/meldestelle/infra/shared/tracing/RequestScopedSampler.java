package at.meldestelle.infra.shared.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import java.util.List;

/**
 * Keeps traces that start with work someone asked for (an HTTP request, a message) and drops
 * client calls that start a trace of their own: background polling such as the event store's
 * outbox sweep would otherwise flood Zipkin with one-span traces. Child spans follow their parent.
 */
final class RequestScopedSampler implements Sampler {

    static Sampler create() {
        return Sampler.parentBased(new RequestScopedSampler());
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        return spanKind == SpanKind.CLIENT ? SamplingResult.drop() : SamplingResult.recordAndSample();
    }

    @Override
    public String getDescription() {
        return "RequestScopedSampler{drop root CLIENT spans}";
    }
}
