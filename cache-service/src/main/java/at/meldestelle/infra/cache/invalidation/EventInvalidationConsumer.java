package at.meldestelle.infra.cache.invalidation;

import at.meldestelle.infra.cache.config.CacheServiceConfig;
import at.meldestelle.infra.shared.messaging.EventConsumer;
import at.meldestelle.infra.shared.messaging.EventConsumers;
import at.meldestelle.infra.shared.messaging.ProcessedEvents;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code eventstore.events} in one consumer group shared by all cache-service instances: one
 * instance handles each event, and the cache library tells every node's L1. Deduplicated by event
 * id, so a redelivered event does not drop a value written after it was first handled.
 */
@ApplicationScoped
public class EventInvalidationConsumer {

    static final String CHANNEL = "eventstore-events";
    static final String GROUP = "cache-invalidation";

    private final EventConsumer consumer;
    private final InvalidationRules rules;

    public EventInvalidationConsumer(EventConsumers consumers, ReactiveRedisDataSource redis, CacheServiceConfig config,
                                     InvalidationRules rules) {
        this.consumer = consumers.deduplicated(CHANNEL, new ProcessedEvents(redis, GROUP, config.invalidation().rememberProcessed()));
        this.rules = rules;
    }

    @Incoming(CHANNEL)
    Uni<Void> consume(Message<byte[]> message) {
        return consumer.consume(message, rules::apply);
    }
}
