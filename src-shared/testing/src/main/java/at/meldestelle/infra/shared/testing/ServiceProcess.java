package at.meldestelle.infra.shared.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service's packaged jar ({@code target/quarkus-app/quarkus-run.jar}) run as its own JVM, as in
 * production: for tests of several instances side by side, and of a crash ({@link #kill()}).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final int healthPort;
    private final ChildProcess process;

    private ServiceProcess(String name, int port, int healthPort, ChildProcess process) {
        this.name = name;
        this.port = port;
        this.healthPort = healthPort;
        this.process = process;
    }

    /**
     * Starts the jar with the given configuration (as system properties) on a free port and waits
     * until {@code /q/health/ready} answers 200.
     */
    public static ServiceProcess start(String name, Path runJar, Map<String, String> config) {
        return start(name, runJar, config, false);
    }

    /**
     * As {@link #start(String, Path, Map)} for a service whose health and metrics are on the
     * management interface (the gateway): that gets a free port of its own ({@link #managementUrl()}).
     */
    public static ServiceProcess startWithManagementPort(String name, Path runJar, Map<String, String> config) {
        return start(name, runJar, config, true);
    }

    private static ServiceProcess start(String name, Path runJar, Map<String, String> config, boolean management) {
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalStateException("No packaged service at " + runJar + "; run the tests through Maven's verify");
        }
        int port = FreePorts.next();
        int healthPort = management ? FreePorts.next() : port;
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable(), "-Xmx256m"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + port);
        if (management) {
            command.add("-Dquarkus.management.port=" + healthPort);
        }
        command.addAll(List.of("-jar", runJar.toAbsolutePath().toString()));
        ChildProcess process = ChildProcess.start(name, command, ChildProcess.tempDir(name + "-"));
        process.awaitReady(() -> ready(healthPort), Duration.ofSeconds(90));
        return new ServiceProcess(name, port, healthPort, process);
    }

    private static boolean ready(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Where health and metrics are: the management interface, or the service's own port. */
    public String managementUrl() {
        return "http://127.0.0.1:" + healthPort;
    }

    /** Kills the JVM with SIGKILL: nothing it holds in memory is written, no lease is given back. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.stop();
    }
}
