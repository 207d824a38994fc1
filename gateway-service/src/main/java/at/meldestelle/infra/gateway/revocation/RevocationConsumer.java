package at.meldestelle.infra.gateway.revocation;

import at.meldestelle.infra.shared.messaging.EventConsumer;
import at.meldestelle.infra.shared.messaging.EventConsumers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Feeds {@code auth.revocations} into the {@link RevocationList}. Each instance reads with a consumer
 * group of its own from the topic's start (application.yaml): every instance must know every
 * revocation, not a share of them. Not deduplicated: adding a revocation twice changes nothing.
 */
@ApplicationScoped
public class RevocationConsumer {

    private final EventConsumer consumer;
    private final RevocationList revocations;

    public RevocationConsumer(EventConsumers consumers, RevocationList revocations) {
        this.consumer = consumers.of("auth-revocations");
        this.revocations = revocations;
    }

    @Incoming("auth-revocations")
    Uni<Void> consume(Message<byte[]> message) {
        return consumer.consume(message, event -> {
            revocations.apply(event);
            return Uni.createFrom().voidItem();
        });
    }
}
