package at.meldestelle.infra.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform as a user runs it: {@code bin/platform up --with-prometheus} with its own state
 * folder and ports shifted by {@link #PORT_OFFSET}, so it runs beside a developer's platform.
 */
final class Platform {

    static final int PORT_OFFSET = 10000;
    static final String GATEWAY = "http://127.0.0.1:" + (8080 + PORT_OFFSET);
    static final String ZIPKIN = "http://127.0.0.1:" + (9411 + PORT_OFFSET);
    static final String KAFKA = "127.0.0.1:" + (9092 + PORT_OFFSET);
    static final String PROMETHEUS = "http://127.0.0.1:" + (9090 + PORT_OFFSET);
    static final String CLIENT_ID = "platform-admin";
    static final String CLIENT_SECRET = "local-dev-secret";
    /** HTTP Basic credentials of the local client. */
    static final String CLIENT_BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));

    private final Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    private final Path state = Path.of(System.getProperty("platform.state", "target/platform")).toAbsolutePath();

    /** Runs {@code bin/platform up --with-prometheus} and returns what it printed. */
    String up() {
        return run(600, "up", "--with-prometheus");
    }

    String down() {
        return run(120, "down");
    }

    /** An access token of the local client (client_credentials), asked for through the gateway. */
    static String clientToken(HttpClient http) throws IOException, InterruptedException {
        HttpResponse<String> issued = http.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/auth/oauth2/token"))
                .header("Authorization", CLIENT_BASIC).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        if (issued.statusCode() != 200) {
            throw new IllegalStateException("no token: " + issued.statusCode() + " " + issued.body());
        }
        return new ObjectMapper().readTree(issued.body()).get("access_token").asText();
    }

    /** A file in this platform's state folder, such as a pid file. */
    Path stateFile(String relative) {
        return state.resolve(relative);
    }

    /** The log a component of this platform writes (JSON lines for the services: they run in the prod profile). */
    Path log(String component) {
        return stateFile("logs/" + component + ".log");
    }

    /** The project's root folder. */
    Path root() {
        return root;
    }

    private String run(int timeoutSeconds, String command, String... options) {
        try {
            Files.createDirectories(state);
            Path log = state.resolve("platform-" + command + ".out");
            List<String> line = new ArrayList<>(List.of(root.resolve("bin/platform").toString(), command));
            line.addAll(List.of(options));
            ProcessBuilder builder = new ProcessBuilder(line)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("PLATFORM_STATE", state.toString());
            builder.environment().put("PLATFORM_PORT_OFFSET", Integer.toString(PORT_OFFSET));
            // The trace check needs every request traced, whatever share the caller's environment asks for.
            builder.environment().put("TRACING_SAMPLE_RATIO", "1.0");
            // The log check wants a line for each request (the access log) and each handled event (the kit's).
            builder.environment().put("QUARKUS_HTTP_ACCESS_LOG_ENABLED", "true");
            builder.environment().put("QUARKUS_LOG_CATEGORY__AT_MELDESTELLE_INFRA_SHARED_MESSAGING__LEVEL", "DEBUG");
            // The Kafka and Zipkin jars the build already fetched (bin/runtime), instead of a second Maven run.
            String runtime = System.getProperty("platform.runtime.dir");
            if (runtime != null) {
                builder.environment().put("PLATFORM_RUNTIME", runtime);
            }
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("bin/platform " + command + " did not finish in " + timeoutSeconds
                        + " s:\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            System.out.println(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("bin/platform " + command + " exited with " + process.exitValue() + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("bin/platform " + command + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
