package at.meldestelle.infra.e2e;

import at.meldestelle.infra.shared.testing.FreePorts;
import at.meldestelle.infra.shared.testing.KafkaBroker;
import at.meldestelle.infra.shared.testing.RedisServer;
import at.meldestelle.infra.shared.testing.OidcIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's live-reload command, as a newcomer runs it: in a copy of the tree without any
 * {@code target/}, with a local Maven repository that holds none of this project's artifacts (it
 * reads everything else through {@code maven.repo.local.tail} from the build's repository). It
 * starts eventstore-service in dev mode, edits a source file of the service and one of
 * src-shared, and sees both changes served by the same dev-mode process.
 */
class DevModeIT {

    private static final Set<String> NOT_COPIED = Set.of("target", ".git", ".platform", ".idea");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final OidcIssuer ISSUER = new OidcIssuer();
    private static RedisServer redis;
    private static KafkaBroker kafka;
    private static Process devMode;
    private static Path tree;
    private static Path log;
    private static int port;

    @BeforeAll
    static void startDevMode() throws IOException {
        Path work = Path.of(System.getProperty("platform.state", "target/platform")).resolveSibling("devmode").toAbsolutePath();
        deleteTree(work);
        tree = work.resolve("tree");
        copyTree(Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize(), tree);
        Path emptyRepository = Files.createDirectories(work.resolve("repository"));
        log = work.resolve("quarkus-dev.log");

        redis = RedisServer.start();
        kafka = KafkaBroker.start();
        // The service verifies every token itself (src-shared/security): an issuer it can reach.
        String issuer = ISSUER.start();
        port = FreePorts.next();
        ProcessBuilder builder = new ProcessBuilder(List.of(tree.resolve("mvnw").toString(), "-B",
                "-Dmaven.repo.local=" + emptyRepository,
                "-Dmaven.repo.local.tail=" + System.getProperty("build.repository"),
                "quarkus:dev", "-pl", "eventstore-service", "-am",
                "-Dquarkus.http.port=" + port, "-Ddebug=false", "-Dquarkus.analytics.disabled=true"))
                .directory(tree.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Standard input stays an open pipe: dev mode ends when its input does.
        builder.environment().put("REDIS_URL", redis.url());
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        builder.environment().put("QUARKUS_OTEL_SDK_DISABLED", "true");
        builder.environment().put("AUTH_ISSUER", issuer);
        devMode = builder.start();
    }

    @AfterAll
    static void stop() {
        if (devMode != null) {
            devMode.toHandle().descendants().forEach(ProcessHandle::destroy);
            devMode.destroy();
            try {
                devMode.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            devMode.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            devMode.destroyForcibly();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (redis != null) {
            redis.close();
        }
        ISSUER.stop();
    }

    @Test
    void editsToTheServiceAndToSrcSharedAreServedWithoutARestart() throws Exception {
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            assertTrue(devMode.isAlive(), "quarkus:dev exited:\n" + tail());
            return status("/q/health/ready") == 200;
        });
        assertTrue(body("/streams/bad%20name/events").contains("is not valid"));
        assertTrue(badJson().contains("The request body is not valid JSON"), badJson());

        replace(tree.resolve("eventstore-service/src/main/java/at/meldestelle/infra/eventstore/stream/StreamName.java"),
                "is not valid:", "is not valid (edited in dev mode):");
        replace(tree.resolve("src-shared/runtime/src/main/java/at/meldestelle/infra/shared/runtime/problem/ProblemExceptionMappers.java"),
                "\"The request body is not valid JSON: \"", "\"The request body (edited in dev mode) is not JSON: \"");

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertTrue(body("/streams/bad%20name/events").contains("is not valid (edited in dev mode):"), tail()));
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertTrue(badJson().contains("The request body (edited in dev mode) is not JSON"), tail()));
        assertTrue(devMode.isAlive(), "the same dev-mode process served both edits");
        assertEquals(200, status("/q/health/ready"));
    }

    private static int status(String path) {
        try {
            return HTTP.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String body(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The detail shared-runtime's exception mapper gives for a body that is not JSON. */
    private static String badJson() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/streams/member-1/events"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").header("Authorization", bearer())
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", bearer()).build();
    }

    private static String bearer() {
        return "Bearer " + OidcIssuer.token("dev", List.of("ADMIN"), List.of());
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String source = Files.readString(file);
        assertTrue(source.contains(from), file + " no longer contains " + from);
        Files.writeString(file, source.replace(from, to));
    }

    private static String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.filter(path -> from.relativize(path).toString().isEmpty()
                            || NOT_COPIED.stream().noneMatch(skip -> from.relativize(path).toString().equals(skip)
                            || from.relativize(path).toString().startsWith(skip + "/")
                            || from.relativize(path).toString().contains("/" + skip + "/")
                            || from.relativize(path).toString().endsWith("/" + skip)))
                    .forEach(path -> copy(path, to.resolve(from.relativize(path).toString())));
        }
    }

    private static void copy(Path source, Path target) {
        try {
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
            } else {
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
