package at.meldestelle.infra.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** A routes file for the gateway ({@code gateway.routes-file}) that a test rewrites while the gateway runs. */
public class RoutesFileResource implements QuarkusTestResourceLifecycleManager {

    static final String FIRST = """
            gateway:
              routes:
                - id: first
                  path: /api/first/**
                  upstream: eventstore-service
                  strip-prefix: 2
                  public: true
            """;

    private static volatile Path file;

    @Override
    public Map<String, String> start() {
        try {
            file = Files.createTempDirectory("gateway-routes").resolve("routes.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(FIRST);
        return Map.of("gateway.routes-file", file.toString(), "gateway.routes-reload-interval", "PT0.2S");
    }

    /** A routes file of its own for a test that starts gateway processes itself; the caller deletes it. */
    static Path temporary(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile("gateway-routes", ".yaml"), yaml);
    }

    /** Replaces the file in one step, as Kubernetes swaps a mounted ConfigMap. */
    static void write(String yaml) {
        try {
            Path next = Files.writeString(file.resolveSibling("routes.yaml.next"), yaml);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
