package at.meldestelle.infra.shared.messaging;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A consumer as a service writes one, on the channel {@code kit-in}. Its handler does what each event
 * says: {@code fail N} fails the first N attempts, {@code fail until fixed} fails until {@link #fix()},
 * {@code poison} refuses the event as poison, anything else succeeds; it records what it handled.
 */
@ApplicationScoped
public class RecordingConsumer {

    record Handled(String id, String source, String type, String correlationId, int attempts) {
    }

    private final EventConsumer consumer;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<Handled> handled = new CopyOnWriteArrayList<>();
    private volatile boolean fixed;

    RecordingConsumer(EventConsumers consumers, ReactiveRedisDataSource redis) {
        this.consumer = consumers.deduplicated("kit-in", new ProcessedEvents(redis, "kit-test", Duration.ofHours(1)));
    }

    @Incoming("kit-in")
    Uni<Void> consume(Message<byte[]> message) {
        return consumer.consume(message, this::handle);
    }

    private Uni<Void> handle(IncomingEvent event) {
        int attempt = attempts.computeIfAbsent(event.source() + " " + event.id(), key -> new AtomicInteger()).incrementAndGet();
        String data = event.data();
        if (data.equals("poison")) {
            return Uni.createFrom().failure(new PoisonEventException("The event says it is poison"));
        }
        boolean fails = data.equals("fail until fixed") ? !fixed
                : data.startsWith("fail ") && attempt <= Integer.parseInt(data.substring("fail ".length()));
        if (fails) {
            return Uni.createFrom().failure(new IllegalStateException("attempt " + attempt + " of " + event.id() + " fails"));
        }
        handled.add(new Handled(event.id(), event.source(), event.type(), event.correlationId(), attempt));
        return Uni.createFrom().voidItem();
    }

    List<Handled> handled(String id) {
        return handled.stream().filter(event -> event.id().equals(id)).toList();
    }

    int attempts(String source, String id) {
        AtomicInteger count = attempts.get(source + " " + id);
        return count == null ? 0 : count.get();
    }

    void fix() {
        fixed = true;
    }
}
