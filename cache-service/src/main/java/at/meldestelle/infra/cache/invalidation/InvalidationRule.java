package at.meldestelle.infra.cache.invalidation;

import at.meldestelle.infra.shared.cache.CacheNames;
import at.meldestelle.infra.shared.cache.KeyPattern;
import at.meldestelle.infra.shared.cache.TwoLevelCache;
import at.meldestelle.infra.shared.messaging.IncomingEvent;
import at.meldestelle.infra.shared.messaging.PoisonEventException;
import io.smallrye.mutiny.Uni;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One configured rule: events of a type drop a key (or a pattern's keys) of a cache. */
final class InvalidationRule {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    private final KeyPattern eventType;
    private final String cache;
    private final String keyTemplate;
    private final boolean pattern;

    InvalidationRule(String eventType, String cache, String keyTemplate) {
        this.eventType = KeyPattern.of(eventType);
        this.cache = CacheNames.checkName(cache);
        this.keyTemplate = keyTemplate;
        this.pattern = keyTemplate.indexOf('*') >= 0;
        Matcher placeholders = PLACEHOLDER.matcher(keyTemplate);
        while (placeholders.find()) {
            if (!placeholders.group(1).equals("subject") && !placeholders.group(1).equals("subjectId")) {
                throw new IllegalArgumentException("Invalidation rule for " + eventType + ": unknown placeholder {"
                        + placeholders.group(1) + "} in " + keyTemplate + " (known: {subject}, {subjectId})");
            }
        }
    }

    String cache() {
        return cache;
    }

    /** What this rule drops for the event, if the event is of its type. */
    Optional<Target> target(IncomingEvent event) {
        if (!eventType.matches(event.type())) {
            return Optional.empty();
        }
        String key = resolve(event);
        return Optional.of(pattern ? new Target.Keys(cache, KeyPattern.of(key)) : new Target.Key(cache, CacheNames.checkKey(key)));
    }

    private String resolve(IncomingEvent event) {
        Matcher placeholders = PLACEHOLDER.matcher(keyTemplate);
        StringBuilder key = new StringBuilder();
        while (placeholders.find()) {
            String subject = event.subject();
            if (subject == null || subject.isEmpty()) {
                throw new PoisonEventException("Event " + event.id() + " (" + event.type() + ") has no subject, which the rule "
                        + keyTemplate + " needs");
            }
            String value = placeholders.group(1).equals("subject") ? subject : subject.substring(subject.indexOf('-') + 1);
            if (pattern && value.indexOf('*') >= 0) {
                throw new PoisonEventException("Event " + event.id() + ": its subject holds a '*', which would widen the pattern "
                        + keyTemplate);
            }
            placeholders.appendReplacement(key, Matcher.quoteReplacement(value));
        }
        placeholders.appendTail(key);
        return key.toString();
    }

    sealed interface Target {
        String cache();

        Uni<Void> dropFrom(TwoLevelCache cache);

        record Key(String cache, String key) implements Target {
            @Override
            public Uni<Void> dropFrom(TwoLevelCache cache) {
                return cache.delete(key).replaceWithVoid();
            }
        }

        record Keys(String cache, KeyPattern pattern) implements Target {
            @Override
            public Uni<Void> dropFrom(TwoLevelCache cache) {
                return cache.invalidate(pattern).replaceWithVoid();
            }
        }
    }
}
