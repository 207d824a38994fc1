package at.meldestelle.infra.gateway;

import at.meldestelle.infra.shared.testing.KafkaBroker;
import at.meldestelle.infra.shared.testing.KeycloakServer;
import at.meldestelle.infra.shared.testing.OidcIssuer;
import at.meldestelle.infra.shared.testing.RedisServer;
import at.meldestelle.infra.shared.testing.ServiceProcess;
import com.sun.net.httpserver.HttpServer;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Keycloak as the second issuer (src-shared/security): a realm user's token passes the
 * packaged gateway with its realm role mapped onto ours, a token of another realm of the same
 * Keycloak does not, and auth-service's tokens (here an {@link OidcIssuer}) keep working beside it.
 */
class KeycloakIssuerIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final OidcIssuer ISSUER = new OidcIssuer();
    private static final String CLIENT = "meldestelle-cli";
    /** A realm with a role named its own way, an audience mapper for our API, a user with the role and one without. */
    private static final String REALM = """
            {"realm": "%s", "enabled": true,
             "roles": {"realm": [{"name": "meldestelle-admin"}]},
             "clients": [{"clientId": "%s", "publicClient": true, "directAccessGrantsEnabled": true,
                          "standardFlowEnabled": false,
                          "protocolMappers": [{"name": "api-audience", "protocol": "openid-connect",
                                               "protocolMapper": "oidc-audience-mapper",
                                               "config": {"included.custom.audience": "meldestelle-api",
                                                          "access.token.claim": "true", "id.token.claim": "false"}}]}],
             "users": [
               {"username": "anna", "enabled": true, "email": "anna@example.org", "emailVerified": true,
                "firstName": "Anna", "lastName": "Admin", "realmRoles": ["meldestelle-admin"],
                "credentials": [{"type": "password", "value": "anna-secret", "temporary": false}]},
               {"username": "bert", "enabled": true, "email": "bert@example.org", "emailVerified": true,
                "firstName": "Bert", "lastName": "Guest",
                "credentials": [{"type": "password", "value": "bert-secret", "temporary": false}]}]}
            """;

    private static KeycloakServer keycloak;
    private static RedisServer redis;
    private static KafkaBroker kafka;
    private static HttpServer upstream;
    private static Path routes;
    private static ServiceProcess gateway;

    @BeforeAll
    static void servers() throws IOException {
        String home = System.getProperty("keycloak.home");
        assumeTrue(home != null, "Keycloak is not unpacked (the build's keycloak profile is off: -DskipKeycloak)");
        keycloak = KeycloakServer.start(Path.of(home));
        keycloak.createRealm(REALM.formatted("meldestelle", CLIENT));
        keycloak.createRealm(REALM.formatted("other", CLIENT));
        redis = RedisServer.start();
        kafka = KafkaBroker.start();
        String issuer = ISSUER.start();
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        upstream.createContext("/", exchange -> {
            byte[] body = ("id=" + exchange.getRequestHeaders().getFirst("X-User-Id")
                    + "\nroles=" + exchange.getRequestHeaders().getFirst("X-User-Roles")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        routes = RoutesFileResource.temporary("""
                gateway:
                  routes:
                    - id: admin
                      path: /api/admin/**
                      upstream: eventstore-service
                      strip-prefix: 2
                      roles: [ADMIN]
                """);
        Map<String, String> config = new HashMap<>(Map.of(
                "quarkus.redis.hosts", redis.url(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.oidc.auth-server-url", issuer,
                "quarkus.oidc.keycloak.tenant-enabled", "true",
                "quarkus.oidc.keycloak.auth-server-url", keycloak.realmUrl("meldestelle"),
                "quarkus.http.auth.roles-mapping.\"meldestelle-admin\"", "ADMIN",
                "quarkus.stork.eventstore-service.service-discovery.address-list", "127.0.0.1:" + upstream.getAddress().getPort(),
                "gateway.routes-file", routes.toString(),
                "quarkus.otel.sdk.disabled", "true"));
        config.put("quarkus.log.console.json.enabled", "false");
        gateway = ServiceProcess.startWithManagementPort("gateway-keycloak", JAR, config);
    }

    @AfterAll
    static void stop() throws IOException {
        for (AutoCloseable server : new AutoCloseable[] {gateway, keycloak, kafka, redis}) {
            if (server != null) {
                try {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        if (upstream != null) {
            upstream.stop(0);
        }
        ISSUER.stop();
        if (routes != null) {
            Files.deleteIfExists(routes);
        }
    }

    @Test
    void aRealmUsersTokenPassesWithItsRealmRoleMappedOntoOurs() throws Exception {
        String token = keycloak.token("meldestelle", CLIENT, null, "anna", "anna-secret");

        HttpResponse<String> answer = get("/api/admin/things", token);

        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("id=" + claim(token, "sub")), answer.body());
        assertTrue(answer.body().matches("(?s).*roles=.*\\bADMIN\\b.*"), answer.body());
    }

    @Test
    void aRealmUserWithoutTheRoleIsForbiddenAndATokenOfAnotherRealmIsNotAccepted() throws Exception {
        assertEquals(403, get("/api/admin/things", keycloak.token("meldestelle", CLIENT, null, "bert", "bert-secret")).statusCode());
        HttpResponse<String> foreign = get("/api/admin/things", keycloak.token("other", CLIENT, null, "anna", "anna-secret"));
        assertEquals(401, foreign.statusCode(), foreign.body());
    }

    @Test
    void authServiceTokensKeepWorkingAndNoPathSegmentPicksTheIssuer() throws Exception {
        String ours = OidcIssuer.token("client-1", List.of("ADMIN"), List.of());
        assertEquals(200, get("/api/admin/things", ours).statusCode());
        // quarkus-oidc alone would pick the tenant named "keycloak" for this path, and refuse the token.
        assertEquals(200, get("/api/admin/keycloak/things", ours).statusCode());
        // Nor does a Keycloak token pass as auth-service's because of its path.
        String anna = keycloak.token("meldestelle", CLIENT, null, "anna", "anna-secret");
        assertEquals(200, get("/api/admin/Default/things", anna).statusCode());
    }

    @Test
    void aTokenNamingTheRealmAsIssuerButSignedWithAnotherKeyIsRefused() throws Exception {
        JwtClaims claims = OidcIssuer.claims("intruder", List.of("ADMIN", "meldestelle-admin"), List.of());
        claims.setIssuer(keycloak.realmUrl("meldestelle"));
        claims.setClaim("typ", "Bearer");
        assertEquals(401, get("/api/admin/things", OidcIssuer.sign(claims)).statusCode());
    }

    @Test
    void anIdTokenOfTheRealmIsNotAnAccessToken() throws Exception {
        String idToken = keycloak.idToken("meldestelle", CLIENT, "anna", "anna-secret");
        assertEquals(401, get("/api/admin/things", idToken).statusCode());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String claim(String token, String name) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return Optional.of(payload.replaceAll("(?s).*\"" + name + "\":\"([^\"]+)\".*", "$1")).orElseThrow();
    }
}
