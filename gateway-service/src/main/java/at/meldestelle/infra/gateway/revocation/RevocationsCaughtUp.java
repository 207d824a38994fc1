package at.meldestelle.infra.gateway.revocation;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Readiness: this instance has read {@code auth.revocations} up to where the topic ended when its
 * partitions were assigned. Before that a restarted or added gateway would let through tokens that
 * were revoked before it started. Once caught up it stays ready, also while Kafka is away: the edge
 * keeps serving with the revocations it knows (auth-service refuses new revocations meanwhile, with
 * 503, so none is accepted that the gateway cannot learn).
 */
@Readiness
@ApplicationScoped
@Identifier(RevocationsCaughtUp.NAME)
public class RevocationsCaughtUp implements HealthCheck, KafkaConsumerRebalanceListener {

    static final String NAME = "revocations-caught-up";

    /** Per assigned partition, the offset this instance must have passed; removed once passed. */
    private final Map<TopicPartition, Long> behind = new ConcurrentHashMap<>();
    private volatile boolean assigned;
    private volatile boolean caughtUp;

    /** Runs on the consumer's polling thread, where a blocking call to the broker is allowed. */
    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        consumer.endOffsets(partitions).forEach((partition, end) -> {
            if (end > consumer.position(partition)) {
                behind.put(partition, end);
            }
        });
        assigned = true;
        update();
    }

    /** The consumer settled the record at {@code offset} of the partition. */
    void passed(String topic, int partition, long offset) {
        behind.computeIfPresent(new TopicPartition(topic, partition), (key, end) -> offset + 1 >= end ? null : end);
        update();
    }

    private void update() {
        if (assigned && behind.isEmpty()) {
            caughtUp = true;
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("auth.revocations caught up").status(caughtUp)
                .withData("partitionsBehind", behind.size()).build();
    }
}
