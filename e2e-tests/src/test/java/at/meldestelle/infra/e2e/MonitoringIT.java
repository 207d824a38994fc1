package at.meldestelle.infra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Monitoring against the real servers: Prometheus (Debian's, started by
 * {@code bin/platform up --with-prometheus}) scrapes all four services and evaluates the shipped
 * rules; promtool checks and unit-tests them; every metric the rules and the Grafana dashboards
 * name is exported, and every dashboard query runs.
 */
class MonitoringIT {

    private static final Platform PLATFORM = new Platform();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SERVICES = Set.of("gateway-service", "auth-service", "eventstore-service", "cache-service");
    /** The domain metrics of DESIGN and the monitoring issue, each from the service that owns it. */
    private static final List<String> DOMAIN_METRICS = List.of("auth_tokens_issued_total", "auth_logins_total",
            "eventstore_appends_total", "eventstore_forwarder_lag", "eventstore_forwarder_parked_total",
            "messaging_consumed_total", "http_server_requests_seconds_bucket", "cache_gets_total", "cache_invalidations_connected",
            "gateway_requests_seconds_count", "gateway_ratelimit_rejections_total", "gateway_circuit_state");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "and", "or", "unless", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan");

    @BeforeAll
    static void up() throws Exception {
        PLATFORM.up();
        traffic();
    }

    @AfterAll
    static void down() {
        PLATFORM.down();
    }

    @Test
    void promtoolChecksTheRulesAndTheirUnitTestsPass() throws Exception {
        Path monitoring = PLATFORM.root().resolve("k8s/monitoring/prometheus");
        assertPromtool(monitoring, "check", "rules", "rules/meldestelle.rules.yml");
        assertPromtool(monitoring, "test", "rules", "tests/meldestelle.rules.test.yml");
    }

    @Test
    void prometheusScrapesAllFourServicesAndPromqlReturnsTheirSeries() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode up = query("up{job=\"meldestelle\"}");
            Set<String> services = new HashSet<>();
            up.forEach(series -> {
                assertEquals("1", series.path("value").get(1).asText(), series.toString());
                services.add(series.path("metric").path("service").asText());
            });
            assertEquals(SERVICES, services);
            for (String metric : DOMAIN_METRICS) {
                assertTrue(query(metric + "{job=\"meldestelle\"}").size() > 0, metric + " has no series in Prometheus");
            }
            JsonNode requests = query("sum by (service) (service:http_requests:rate5m)");
            assertTrue(requests.size() >= 3, requests.toString());
        });
    }

    @Test
    void everyMetricTheRulesNameIsExportedAndEveryRuleEvaluates() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode groups = get("/api/v1/rules").path("data").path("groups");
            Set<String> named = new TreeSet<>();
            int rules = 0;
            for (JsonNode group : groups) {
                for (JsonNode rule : group.path("rules")) {
                    rules++;
                    assertEquals("ok", rule.path("health").asText(), rule.toString());
                    named.addAll(metricNames(rule.path("query").asText()));
                }
            }
            assertEquals(12, rules, groups.toString());
            Set<String> exported = new HashSet<>();
            get("/api/v1/label/__name__/values").path("data").forEach(name -> exported.add(name.asText()));
            Set<String> missing = new TreeSet<>(named);
            missing.removeAll(exported);
            assertTrue(missing.isEmpty(), "named by the rules but exported by no service: " + missing);
            assertTrue(named.containsAll(Set.of("up", "http_server_requests_seconds_count", "auth_logins_total")), named.toString());
        });
    }

    @Test
    void everyDashboardQueryRunsOnPrometheusAndReadsOnlyExportedMetrics() throws Exception {
        Path dashboards = PLATFORM.root().resolve("k8s/monitoring/grafana");
        List<Path> files;
        try (Stream<Path> listed = Files.list(dashboards)) {
            files = listed.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(List.of("api-performance.json", "error-rates.json", "infrastructure.json", "service-health.json",
                "system-overview.json"), files.stream().map(file -> file.getFileName().toString()).toList());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> exported = new HashSet<>();
            get("/api/v1/label/__name__/values").path("data").forEach(name -> exported.add(name.asText()));
            for (Path file : files) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                assertTrue(dashboard.path("uid").asText().startsWith("meldestelle-"), file.toString());
                assertTrue(dashboard.path("panels").size() >= 6, file.toString());
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        // Grafana's variables as an "All" selection and a fixed window would set them.
                        String promql = target.path("expr").asText().replace("$service", ".*").replace("$__rate_interval", "1m");
                        query(promql);
                        Set<String> missing = new TreeSet<>(metricNames(promql));
                        missing.removeAll(exported);
                        assertTrue(missing.isEmpty(), file.getFileName() + " / " + panel.path("title").asText()
                                + " reads metrics no service exports: " + missing);
                    }
                }
            }
        });
    }

    /** The metric names a PromQL expression reads (recording rules, with a colon, are rules' output). */
    static Set<String> metricNames(String promql) {
        String bare = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(bare);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (identifier.group(2) == null && !name.contains(":") && !PROMQL_WORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    /** A token, an append and a read, so that the request series have samples. */
    private static void traffic() throws Exception {
        String token = Platform.clientToken(HTTP);
        URI events = URI.create(Platform.GATEWAY + "/api/eventstore/streams/member-" + UUID.randomUUID() + "/events");
        HttpResponse<String> appended = send(HttpRequest.newBuilder(events).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"expectedVersion\":\"any\",\"events\":[{\"eventId\":\""
                        + UUID.randomUUID() + "\",\"type\":\"MemberRegistered\",\"data\":{}}]}")));
        assertEquals(201, appended.statusCode(), appended.body());
        assertEquals(200, send(HttpRequest.newBuilder(events).header("Authorization", "Bearer " + token).GET()).statusCode());
    }

    private static void assertPromtool(Path folder, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process promtool = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        assertTrue(promtool.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, promtool.exitValue(), String.join(" ", command) + ":\n" + output);
        assertTrue(output.contains("SUCCESS"), output);
    }

    private static JsonNode query(String promql) throws Exception {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertEquals("success", answer.path("status").asText(), answer.toString());
        return answer.path("data").path("result");
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(Platform.PROMETHEUS + path)).GET());
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
