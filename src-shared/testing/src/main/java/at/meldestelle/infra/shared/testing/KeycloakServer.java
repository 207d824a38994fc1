package at.meldestelle.infra.shared.testing;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak ({@code org.keycloak:keycloak-quarkus-dist}, unpacked by the build) in dev mode on
 * free ports, for tests of the tokens it issues. Realms are created through its admin REST API.
 */
public final class KeycloakServer implements AutoCloseable {

    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "test-admin-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final ChildProcess process;

    private KeycloakServer(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    /** Starts {@code home/bin/kc.sh start-dev} and waits until the master realm answers (about 40 s the first time). */
    public static KeycloakServer start(Path home) {
        Path kc = home.resolve("bin/kc.sh");
        if (!Files.isRegularFile(kc)) {
            throw new IllegalStateException("No Keycloak at " + home + "; the build unpacks it (see the module's pom)");
        }
        deleteDatabase(home.resolve("data/h2"));
        return FreePorts.retryWhileTaken(() -> {
            int port = FreePorts.next();
            ChildProcess process = ChildProcess.start("keycloak", List.of("bash", kc.toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + FreePorts.next(),
                    "--bootstrap-admin-username=" + ADMIN, "--bootstrap-admin-password=" + ADMIN_PASSWORD),
                    ChildProcess.tempDir("keycloak-"));
            process.awaitReady(() -> status(URI.create("http://127.0.0.1:" + port + "/realms/master")) == 200,
                    Duration.ofSeconds(240));
            return new KeycloakServer(port, process);
        });
    }

    /** Each start begins with no realms but master: dev mode keeps its H2 database under the home. */
    private static void deleteDatabase(Path h2) {
        if (!Files.isDirectory(h2)) {
            return;
        }
        try (Stream<Path> files = Files.walk(h2)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not empty " + h2, e);
        }
    }

    /** The issuer of a realm's tokens. */
    public String realmUrl(String realm) {
        return "http://127.0.0.1:" + port + "/realms/" + realm;
    }

    /** Creates a realm from its JSON representation (roles, clients, users and all). */
    public void createRealm(String representation) {
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/realms"))
                .header("Authorization", "Bearer " + token("master", "admin-cli", null, ADMIN, ADMIN_PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(representation)));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Realm not created: " + created.statusCode() + " " + created.body());
        }
    }

    /** An access token of a realm's user (resource owner password grant). */
    public String token(String realm, String clientId, String clientSecret, String username, String password) {
        return tokens(realm, clientId, clientSecret, username, password, "openid").get("access_token").toString();
    }

    /** The ID token Keycloak issues beside the access token (scope openid). */
    public String idToken(String realm, String clientId, String username, String password) {
        return tokens(realm, clientId, null, username, password, "openid").get("id_token").toString();
    }

    private Map<String, Object> tokens(String realm, String clientId, String clientSecret, String username, String password,
                                       String scope) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", password, "scope", scope));
        if (clientSecret != null) {
            form.put("client_secret", clientSecret);
        }
        HttpResponse<String> issued = send(HttpRequest.newBuilder(URI.create(realmUrl(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&")))));
        if (issued.statusCode() != 200) {
            throw new IllegalStateException("No token for " + username + " in " + realm + ": " + issued.statusCode() + " " + issued.body());
        }
        try {
            return JsonUtil.parseJson(issued.body());
        } catch (JoseException e) {
            throw new IllegalStateException("Not a token answer: " + issued.body(), e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        process.stop();
    }
}
