package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The optional routes file ({@code gateway.routes-file}, a mounted ConfigMap for instance): the
 * {@code gateway.routes} block of application.yaml, in a file of its own. When it is set, its
 * routes replace the configured ones, and {@link RoutesReloader} takes its changes without a
 * restart. It is read with SmallRye Config and the same {@link GatewayConfig.Route} mapping as
 * application.yaml, so defaults, types and names are the same; any other key in it is an error.
 */
@ApplicationScoped
public class RoutesFile {

    /** The part of the {@code gateway} mapping a routes file may hold. */
    @ConfigMapping(prefix = "gateway")
    public interface RouteList {
        List<GatewayConfig.Route> routes();
    }

    private final Optional<Path> path;
    private volatile String content;
    private volatile String pending;

    public RoutesFile(GatewayConfig config) {
        this.path = config.routesFile().map(Path::of);
    }

    boolean configured() {
        return path.isPresent();
    }

    Optional<Path> path() {
        return path;
    }

    /** The file's routes; fails on a file that cannot be read or is not a valid route list. */
    List<GatewayConfig.Route> read() {
        String current = readFile();
        List<GatewayConfig.Route> routes = parse(current);
        content = current;
        return routes;
    }

    /**
     * The file's routes if its content differs from the last one read and has read the same twice in
     * a row (a file caught half-written must not be taken, even when what was written so far parses),
     * else empty.
     */
    Optional<List<GatewayConfig.Route>> readIfChanged() {
        String current = readFile();
        if (current.equals(content)) {
            pending = null;
            return Optional.empty();
        }
        if (!current.equals(pending)) {
            pending = current;
            return Optional.empty();
        }
        pending = null;
        List<GatewayConfig.Route> routes;
        try {
            routes = parse(current);
        } finally {
            // A refused content is not tried again until the file changes once more.
            content = current;
        }
        return Optional.of(routes);
    }

    private String readFile() {
        Path file = path.orElseThrow();
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("gateway.routes-file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private List<GatewayConfig.Route> parse(String yaml) {
        SmallRyeConfig parsed = new SmallRyeConfigBuilder()
                .withSources(new YamlConfigSource(path.orElseThrow().toString(), yaml))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(RouteList.class)
                .withValidateUnknown(true)
                .build();
        return parsed.getConfigMapping(RouteList.class).routes();
    }
}
