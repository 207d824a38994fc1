package at.meldestelle.infra.shared.messaging;

import at.meldestelle.infra.shared.api.correlation.CorrelationId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.util.function.Function;

/**
 * The consumer side of DESIGN section 4 for one incoming channel: decode the CloudEvent, skip it if
 * the group has processed it ({@link ProcessedEvents}, when given), run the handler with bounded
 * retries and exponential backoff, then acknowledge; after the last retry, or at once for a
 * {@link PoisonEventException}, nack, and SmallRye's {@code dead-letter-queue} failure strategy
 * writes the record to {@code <topic>.dlq}. Obtain one from {@link EventConsumers}, and return
 * {@link #consume} from an {@code @Incoming} method that takes {@code Message<byte[]>}: the
 * method then settles each record itself.
 * <p>
 * Retries hold the channel: its later records wait (SmallRye hands them over one at a time), so
 * that the events of one key keep their order. After a retry's backoff the handler runs on
 * Mutiny's worker pool, not on the Vert.x context of the first attempt.
 */
public final class EventConsumer {

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);
    /** How often a nack whose dead-letter write failed is tried again: until the broker takes it. */
    private static final Duration NACK_RETRY_FIRST = Duration.ofSeconds(1);
    private static final Duration NACK_RETRY_MAX = Duration.ofSeconds(30);

    private final String channel;
    private final MessagingConfig.Retries retries;
    private final ProcessedEvents processed;
    private final Meters meters;

    EventConsumer(String channel, MessagingConfig.Retries retries, ProcessedEvents processed, MeterRegistry registry) {
        this.channel = channel;
        this.retries = retries;
        this.processed = processed;
        this.meters = new Meters(channel, registry);
    }

    /**
     * Handles the record and settles it: acknowledged, or nacked towards the dead-letter topic. The
     * returned Uni does not fail: a failure would end the channel (SmallRye stops a stream whose
     * message-taking method fails), and with it every later record.
     */
    public Uni<Void> consume(Message<byte[]> message, Function<IncomingEvent, Uni<Void>> handler) {
        IncomingEvent event;
        try {
            event = IncomingEvent.from(message);
        } catch (PoisonEventException e) {
            return deadLetter(message, e, "a record that is not a valid CloudEvent");
        }
        String what = "event " + event.id() + " (" + event.type() + " from " + event.source() + ")";
        return attempt(event, handler)
                .flatMap(outcome -> outcome == Outcome.DUPLICATE ? Uni.createFrom().voidItem() : remember(event, what))
                .flatMap(ignored -> ack(message))
                .onFailure().recoverWithUni(failure -> deadLetter(message, failure, what))
                .onTermination().invoke(() -> MDC.remove(CorrelationId.KEY));
    }

    private enum Outcome { HANDLED, DUPLICATE }

    /**
     * The duplicate check and the handler, retried together: a Redis that cannot say whether the
     * event was handled is a failure like the handler's own, and the handler does not run then.
     */
    private Uni<Outcome> attempt(IncomingEvent event, Function<IncomingEvent, Uni<Void>> handler) {
        Uni<Outcome> once = Uni.createFrom().deferred(() -> {
                    logWithCorrelationIdOf(event);
                    return seen(event).flatMap(duplicate -> duplicate
                            ? Uni.createFrom().item(Outcome.DUPLICATE)
                            : handler.apply(event).replaceWith(Outcome.HANDLED));
                })
                .onFailure().invoke(failure -> meters.failures.increment());
        if (retries.maxRetries() == 0) {
            return once;
        }
        return once.onFailure(failure -> !(failure instanceof PoisonEventException))
                .retry().withBackOff(retries.firstDelay(), retries.maxDelay()).withJitter(0.2).atMost(retries.maxRetries());
    }

    /**
     * The handler's log lines carry the producer's correlation id, as a request's do. A retry may run
     * on another thread, so each attempt sets it again.
     */
    private static void logWithCorrelationIdOf(IncomingEvent event) {
        if (event.correlationId() == null) {
            MDC.remove(CorrelationId.KEY);
        } else {
            MDC.put(CorrelationId.KEY, event.correlationId());
        }
    }

    private Uni<Boolean> seen(IncomingEvent event) {
        return processed == null ? Uni.createFrom().item(false) : processed.contains(event).invoke(duplicate -> {
            if (duplicate) {
                meters.duplicates.increment();
            }
        });
    }

    /**
     * After the handler succeeded the event must not reach the dead-letter topic (a replay would
     * apply it twice): a Redis that does not take the mark is retried, then given up with a warning;
     * only a delivery of the same record again could then run the handler twice (at-least-once).
     */
    private Uni<Void> remember(IncomingEvent event, String what) {
        meters.handled.increment();
        LOG.debugf("Channel %s: handled %s", channel, what);
        if (processed == null) {
            return Uni.createFrom().voidItem();
        }
        return processed.add(event)
                .onFailure().retry().withBackOff(retries.firstDelay(), retries.maxDelay()).atMost(Math.max(1, retries.maxRetries()))
                .onFailure().recoverWithItem(failure -> {
                    meters.unremembered.increment();
                    LOG.warnf("Channel %s: %s was handled but could not be marked as handled (%s); a redelivery would handle it again",
                            channel, what, failure.toString());
                    return null;
                });
    }

    /** A dead-letter write that fails is tried again until it succeeds: the record is neither lost nor skipped meanwhile. */
    private Uni<Void> deadLetter(Message<byte[]> message, Throwable failure, String what) {
        meters.deadLettered.increment();
        LOG.warnf("Channel %s: %s goes to the dead-letter topic: %s", channel, what, failure.toString());
        return Uni.createFrom().completionStage(() -> message.nack(failure))
                .onFailure().invoke(nackFailure -> LOG.errorf("Channel %s: %s could not be written to the dead-letter topic (%s); trying again",
                        channel, what, nackFailure.toString()))
                .onFailure().retry().withBackOff(NACK_RETRY_FIRST, NACK_RETRY_MAX).indefinitely();
    }

    private static Uni<Void> ack(Message<byte[]> message) {
        return Uni.createFrom().completionStage(message::ack);
    }

    /**
     * The channel's meters. Registered when the service starts ({@link EventConsumers}), not at the
     * first record, so that every series is scraped as 0 before anything happens.
     */
    static final class Meters {

        final Counter handled;
        final Counter duplicates;
        final Counter deadLettered;
        final Counter failures;
        final Counter unremembered;

        Meters(String channel, MeterRegistry registry) {
            handled = outcome(registry, channel, "processed");
            duplicates = outcome(registry, channel, "duplicate");
            deadLettered = outcome(registry, channel, "dead-lettered");
            failures = Counter.builder("messaging.handler.failures")
                    .description("Attempts that failed (each retried until the last, which dead-letters)")
                    .tag("channel", channel).register(registry);
            unremembered = Counter.builder("messaging.processed.unremembered")
                    .description("Events handled but not marked as handled in Redis; a redelivery would handle them again")
                    .tag("channel", channel).register(registry);
        }

        private static Counter outcome(MeterRegistry registry, String channel, String outcome) {
            return Counter.builder("messaging.consumed").description("Records consumed, by outcome")
                    .tag("channel", channel).tag("outcome", outcome).register(registry);
        }
    }
}
