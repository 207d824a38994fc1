package at.meldestelle.infra.gateway.revocation;

import at.meldestelle.infra.shared.messaging.EventConsumer;
import at.meldestelle.infra.shared.messaging.EventConsumers;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Feeds {@code auth.revocations} into the {@link RevocationList}. Each instance reads with a consumer
 * group of its own from the topic's start (application.yaml): every instance must know every
 * revocation, not a share of them. Not deduplicated: adding a revocation twice changes nothing.
 * Every settled record, applied or dead-lettered, moves {@link RevocationsCaughtUp} on.
 */
@ApplicationScoped
public class RevocationConsumer {

    private final EventConsumer consumer;
    private final RevocationList revocations;
    private final RevocationsCaughtUp caughtUp;

    public RevocationConsumer(EventConsumers consumers, RevocationList revocations,
                              @Identifier(RevocationsCaughtUp.NAME) RevocationsCaughtUp caughtUp) {
        this.consumer = consumers.of("auth-revocations");
        this.revocations = revocations;
        this.caughtUp = caughtUp;
    }

    @Incoming("auth-revocations")
    Uni<Void> consume(Message<byte[]> message) {
        return consumer.consume(message, event -> {
            revocations.apply(event);
            return Uni.createFrom().voidItem();
        }).invoke(() -> message.getMetadata(IncomingKafkaRecordMetadata.class)
                .ifPresent(record -> caughtUp.passed(record.getTopic(), record.getPartition(), record.getOffset())));
    }
}
