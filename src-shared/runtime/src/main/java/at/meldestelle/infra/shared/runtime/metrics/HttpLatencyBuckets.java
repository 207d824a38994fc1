package at.meldestelle.infra.shared.runtime.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * Latency buckets for the HTTP server timer ({@code http_server_requests_seconds_bucket}), so that
 * dashboards and alerts can take percentiles across instances ({@code histogram_quantile}). A fixed
 * set of eleven, not Micrometer's percentile histogram: that one has about seventy buckets per
 * route, method and status.
 */
@Singleton
public class HttpLatencyBuckets {

    static final Duration[] BOUNDS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    /** The bucket boundaries, for other latency timers of the platform. */
    public static Duration[] bounds() {
        return BOUNDS.clone();
    }

    @Produces
    @Singleton
    MeterFilter httpServerLatencyBuckets() {
        double[] nanos = Stream.of(BOUNDS).mapToDouble(Duration::toNanos).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}
