package at.meldestelle.infra.eventstore.metrics;

import at.meldestelle.infra.eventstore.store.AppendOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event store's own meters, beside the HTTP ones Quarkus keeps: appends by outcome, events
 * appended, an append latency histogram (Redis round trip included, HTTP excluded), and per
 * partition the forwarder's lag (outbox length); the events it parked, and open subscriptions.
 */
@ApplicationScoped
public class EventStoreMetrics {

    private final MeterRegistry registry;
    private final Counter events;
    private final Timer latency;
    private final ConcurrentHashMap<Class<?>, Counter> appends = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, AtomicLong> lag = new ConcurrentHashMap<>();
    private final Counter parked;

    public EventStoreMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.events = Counter.builder("eventstore.events.appended").description("Events stored by appends").register(registry);
        this.latency = Timer.builder("eventstore.append.latency").description("Time of an append in the store, from request to Redis answer")
                .publishPercentileHistogram().register(registry);
        this.parked = Counter.builder("eventstore.forwarder.parked").description("Events Kafka refused, parked instead of forwarded")
                .register(registry);
        // Every outcome's series exists from the start, so that rates and alerts see 0, not nothing.
        for (Class<?> outcome : AppendOutcome.class.getPermittedSubclasses()) {
            appendCounter(outcome);
        }
    }

    public void append(AppendOutcome outcome, int eventCount, long nanos) {
        appendCounter(outcome.getClass()).increment();
        if (outcome instanceof AppendOutcome.Appended) {
            events.increment(eventCount);
        }
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter appendCounter(Class<?> outcome) {
        return appends.computeIfAbsent(outcome, type -> Counter.builder("eventstore.appends").tag("outcome", label(type))
                .description("Appends by outcome; wrong_version is an optimistic concurrency conflict").register(registry));
    }

    /** Appended -> appended, WrongVersion -> wrong_version, ... */
    private static String label(Class<?> outcome) {
        return outcome.getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** Events waiting in a partition's outbox, as the forwarder's sweep last saw them. */
    public void outboxLength(int partition, long length) {
        lag.computeIfAbsent(partition, p -> registry.gauge("eventstore.forwarder.lag",
                Tags.of("partition", Integer.toString(p)), new AtomicLong())).set(length);
    }

    /** Counts the subscriptions this instance serves while they are open. */
    public void subscriptionsOpen(AtomicInteger open) {
        registry.gauge("eventstore.subscriptions.open", Tags.empty(), open);
    }

    /** One counter for all partitions: the forwarder's log names the partition and the event. */
    public void parked() {
        parked.increment();
    }
}
