package at.meldestelle.infra.eventstore;

import at.meldestelle.infra.shared.clients.eventstore.EventStoreClient;
import at.meldestelle.infra.shared.clients.eventstore.ExpectedVersion;
import at.meldestelle.infra.shared.clients.eventstore.NewEvent;
import at.meldestelle.infra.shared.testing.AdminRequests;
import at.meldestelle.infra.shared.testing.KafkaBroker;
import at.meldestelle.infra.shared.testing.RedisServer;
import at.meldestelle.infra.shared.testing.ServiceProcess;
import at.meldestelle.infra.shared.testing.OidcIssuer;
import at.meldestelle.infra.shared.testing.TopicReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.mutiny.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged event store as separate JVMs on one real Redis and Kafka broker: two instances
 * under contention, and instances killed with SIGKILL while the broker is away.
 */
class EventStoreProcessesIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final String TOPIC = "eventstore.events";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Vertx VERTX = Vertx.vertx();
    private static final OidcIssuer ISSUER = new OidcIssuer();
    private static RedisServer redis;
    private static KafkaBroker kafka;
    private static String issuer;

    @BeforeAll
    static void servers() {
        redis = RedisServer.start();
        kafka = KafkaBroker.start();
        issuer = ISSUER.start();
    }

    @AfterAll
    static void stop() {
        ISSUER.stop();
        VERTX.closeAndAwait();
        kafka.close();
        redis.close();
    }

    private static ServiceProcess eventStore(String name) {
        return ServiceProcess.start(name, JAR, Map.of(
                "quarkus.redis.hosts", redis.url(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.oidc.auth-server-url", issuer,
                "eventstore.forwarder.sweep-interval", "PT0.5S",
                "quarkus.otel.sdk.disabled", "true",
                "quarkus.log.console.json.enabled", "false"));
    }

    private static EventStoreClient client(ServiceProcess instance) {
        return EventStoreClient.create(VERTX, instance.url()).withBearerToken(AdminRequests::adminToken);
    }

    @Test
    void eightWritersOnTwoInstancesGiveVersionsOneTo1600EachEventOnce() throws Exception {
        try (ServiceProcess a = eventStore("eventstore-a"); ServiceProcess b = eventStore("eventstore-b")) {
            List<EventStoreClient> clients = List.of(client(a), client(b));
            String stream = "event-" + UUID.randomUUID();
            // Mutiny's context propagation set-up is not safe to race: the first call happens on one thread.
            ConflictingWriter.write(clients.get(0), "warm-up-" + UUID.randomUUID(), 1);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Callable<List<String>>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                EventStoreClient client = clients.get(w % 2);
                writers.add(() -> ConflictingWriter.write(client, stream, 200));
            }
            Set<String> written = new HashSet<>();
            try {
                for (Future<List<String>> writer : pool.invokeAll(writers)) {
                    written.addAll(writer.get());
                }
            } finally {
                pool.shutdownNow();
            }
            List<Long> versions = new ArrayList<>();
            Set<String> stored = new HashSet<>();
            clients.get(0).readAll(stream).subscribe().asStream().forEach(event -> {
                versions.add(event.version());
                stored.add(event.eventId());
            });
            assertEquals(1600, written.size());
            assertEquals(1600, versions.size());
            for (int i = 0; i < versions.size(); i++) {
                assertEquals(i + 1, versions.get(i));
            }
            assertEquals(written, stored, "every eventId exactly once");
        }
    }

    @Test
    void fiveHundredEventsAppendedWhileTheBrokerIsAwayAndBothInstancesAreKilledAllArriveInOrder() {
        String category = "k" + UUID.randomUUID().toString().replace("-", "");
        Map<String, Integer> appended = new LinkedHashMap<>();
        ServiceProcess a = eventStore("eventstore-killed-a");
        ServiceProcess b = eventStore("eventstore-killed-b");
        kafka.stop();
        try {
            List<EventStoreClient> clients = List.of(client(a), client(b));
            for (int i = 0; i < 100; i++) {
                String stream = category + "-" + (i % 20);
                List<NewEvent> batch = new ArrayList<>();
                for (int e = 0; e < 5; e++) {
                    batch.add(NewEvent.of("Counted", JsonNodeFactory.instance.objectNode().put("i", i * 5 + e)));
                }
                clients.get(i % 2).append(stream, ExpectedVersion.ANY, batch).await().atMost(Duration.ofSeconds(10));
                appended.merge(stream, 5, Integer::sum);
            }
        } finally {
            a.kill();
            b.kill();
            kafka.restart();
        }
        try (ServiceProcess restarted = eventStore("eventstore-restarted")) {
            List<ConsumerRecord<String, String>> records = TopicReader.read(kafka.bootstrapServers(), TOPIC,
                    record -> record.key().startsWith(category + "-"),
                    got -> distinct(got) >= 500, Duration.ofSeconds(90));
            Map<String, List<Long>> firstSeen = new HashMap<>();
            Set<String> seen = new HashSet<>();
            for (ConsumerRecord<String, String> record : records) {
                long version = version(record);
                if (seen.add(record.key() + "@" + version)) {
                    firstSeen.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(version);
                }
            }
            assertEquals(appended.keySet(), firstSeen.keySet());
            appended.forEach((stream, count) -> {
                List<Long> expected = new ArrayList<>();
                for (long v = 1; v <= count; v++) {
                    expected.add(v);
                }
                assertEquals(expected, firstSeen.get(stream), stream + " in order, none missing");
            });
            int duplicates = records.size() - seen.size();
            // README, "Duplicates": only a batch in flight when a lease changed hands is sent twice.
            assertTrue(duplicates <= 100, duplicates + " duplicates");
        }
    }

    private static int distinct(List<ConsumerRecord<String, String>> records) {
        Set<String> seen = new HashSet<>();
        records.forEach(record -> seen.add(record.key() + "@" + version(record)));
        return seen.size();
    }

    private static long version(ConsumerRecord<String, String> record) {
        try {
            JsonNode event = JSON.readTree(record.value());
            return event.get("version").asLong();
        } catch (Exception e) {
            throw new IllegalStateException("Not an event: " + record.value(), e);
        }
    }
}
