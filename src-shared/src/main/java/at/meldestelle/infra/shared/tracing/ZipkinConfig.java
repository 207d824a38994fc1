package at.meldestelle.infra.shared.tracing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "meldestelle.zipkin")
public interface ZipkinConfig {

    /** Base URL of the Zipkin server; spans go to {@code <url>/api/v2/spans}. */
    @WithDefault("http://localhost:9411")
    String url();
}
