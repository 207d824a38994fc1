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

    /** Gives tests that simulate an outage the broker: {@code @InjectKafkaBroker KafkaBroker kafka;}. */
    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(kafka, new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, KafkaBroker.class));
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
