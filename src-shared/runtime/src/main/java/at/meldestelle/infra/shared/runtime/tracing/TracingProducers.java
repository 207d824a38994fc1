package at.meldestelle.infra.shared.runtime.tracing;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Tracing beans Quarkus picks up: the span exporter (Zipkin accepts no OTLP, so spans leave as
 * Zipkin JSON v2; {@code quarkus.otel.traces.exporter=cdi}) and the sampler.
 */
public class TracingProducers {

    @Produces
    @Singleton
    SpanExporter zipkinSpanExporter(TracingConfig config) {
        return ZipkinSpanExporter.builder()
                .setEndpoint(config.zipkinUrl().replaceAll("/+$", "") + "/api/v2/spans")
                .build();
    }

    @Produces
    @Singleton
    Sampler sampler(TracingConfig config) {
        return PlatformSampler.create(config);
    }
}
