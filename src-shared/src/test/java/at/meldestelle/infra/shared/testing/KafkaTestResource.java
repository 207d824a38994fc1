package at.meldestelle.infra.shared.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Starts a real Kafka KRaft broker for the annotated test class and points {@code kafka.bootstrap.servers} at it. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private KafkaBroker kafka;

    @Override
    public Map<String, String> start() {
        kafka = KafkaBroker.start();
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
