package at.meldestelle.infra.cache.invalidation;

import at.meldestelle.infra.cache.config.CacheServiceConfig;
import at.meldestelle.infra.shared.cache.InvalidCacheRequestException;
import at.meldestelle.infra.shared.cache.TwoLevelCaches;
import at.meldestelle.infra.shared.cache.UnknownCacheException;
import at.meldestelle.infra.shared.messaging.IncomingEvent;
import at.meldestelle.infra.shared.messaging.PoisonEventException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * The configured rules ({@code cache-service.invalidation.rules}), checked when the service starts,
 * and what they do to an event: every matching rule drops its key or pattern, through the cache
 * library, so that every node's L1 hears of it.
 */
@Singleton
public class InvalidationRules {

    private final List<InvalidationRule> rules = new ArrayList<>();
    private final TwoLevelCaches caches;

    public InvalidationRules(CacheServiceConfig config, TwoLevelCaches caches) {
        this.caches = caches;
        config.invalidation().rules().orElse(List.of()).forEach(rule -> {
            try {
                rules.add(new InvalidationRule(rule.eventType(), rule.cache(), rule.key()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("cache-service.invalidation.rules: " + e.getMessage(), e);
            }
        });
    }

    /** Drops what the event's rules name; a cache nobody has written yet holds nothing to drop. */
    public Uni<Void> apply(IncomingEvent event) {
        List<Uni<Void>> drops = new ArrayList<>();
        for (InvalidationRule rule : rules) {
            InvalidationRule.Target target;
            try {
                target = rule.target(event).orElse(null);
            } catch (InvalidCacheRequestException e) {
                throw new PoisonEventException("Event " + event.id() + " (" + event.type() + ") gives no valid key: " + e.getMessage(), e);
            }
            if (target != null) {
                drops.add(drop(target));
            }
        }
        return drops.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(drops).andFailFast().replaceWithVoid();
    }

    private Uni<Void> drop(InvalidationRule.Target target) {
        return caches.existing(target.cache())
                .flatMap(target::dropFrom)
                .onFailure(UnknownCacheException.class).recoverWithNull();
    }
}
