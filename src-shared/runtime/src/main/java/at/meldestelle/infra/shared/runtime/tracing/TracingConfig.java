package at.meldestelle.infra.shared.runtime.tracing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "meldestelle.tracing")
public interface TracingConfig {

    /** Base URL of the Zipkin server; spans go to {@code <url>/api/v2/spans}. */
    @WithDefault("${ZIPKIN_URL:http://localhost:9411}")
    String zipkinUrl();

    /**
     * Share of requests traced, from 0 (none) to 1 (all). Decided once per trace where it starts;
     * the services behind follow that decision, so a trace is kept or dropped whole.
     */
    @WithDefault("${TRACING_SAMPLE_RATIO:0.1}")
    double sampleRatio();

    /**
     * True for the service at the edge (the gateway): it ignores the sampled flag of a
     * {@code traceparent} from outside the platform and decides by {@link #sampleRatio()} itself,
     * so that no client can make the platform trace every request.
     */
    @WithDefault("false")
    boolean edge();
}
