package at.meldestelle.infra.shared.tracing;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Zipkin accepts no OTLP, so spans leave as Zipkin JSON v2. Quarkus picks this bean up because
 * {@code quarkus.otel.traces.exporter=cdi}.
 */
public class ZipkinSpanExporterProducer {

    @Produces
    @Singleton
    SpanExporter zipkinSpanExporter(ZipkinConfig config) {
        return ZipkinSpanExporter.builder()
                .setEndpoint(config.url().replaceAll("/+$", "") + "/api/v2/spans")
                .build();
    }
}
