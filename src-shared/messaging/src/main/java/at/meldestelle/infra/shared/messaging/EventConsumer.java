package at.meldestelle.infra.shared.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

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
 * Retries hold the partition: later records wait, so that the events of one key keep their order.
 */
public final class EventConsumer {

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    private final String channel;
    private final MessagingConfig.Retries retries;
    private final ProcessedEvents processed;
    private final Counter handled;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Counter failures;

    EventConsumer(String channel, MessagingConfig.Retries retries, ProcessedEvents processed, MeterRegistry meters) {
        this.channel = channel;
        this.retries = retries;
        this.processed = processed;
        this.handled = outcome(meters, channel, "processed");
        this.duplicates = outcome(meters, channel, "duplicate");
        this.deadLettered = outcome(meters, channel, "dead-lettered");
        this.failures = Counter.builder("messaging.handler.failures")
                .description("Handler attempts that failed (each retried until the last, which dead-letters)")
                .tag("channel", channel).register(meters);
    }

    /** Handles the record and settles it: acknowledged, or nacked towards the dead-letter topic. */
    public Uni<Void> consume(Message<byte[]> message, Function<IncomingEvent, Uni<Void>> handler) {
        IncomingEvent event;
        try {
            event = IncomingEvent.from(message);
        } catch (PoisonEventException e) {
            return deadLetter(message, e, "a record that is not a valid CloudEvent");
        }
        Uni<Boolean> seen = processed == null ? Uni.createFrom().item(false) : processed.contains(event);
        return seen.flatMap(duplicate -> {
            if (duplicate) {
                duplicates.increment();
                return ack(message);
            }
            return attempt(event, handler)
                    .flatMap(ignored -> processed == null ? Uni.createFrom().voidItem() : processed.add(event))
                    .flatMap(ignored -> {
                        handled.increment();
                        return ack(message);
                    })
                    .onFailure().recoverWithUni(failure -> deadLetter(message, failure, "event " + event.id()
                            + " (" + event.type() + " from " + event.source() + ")"));
        });
    }

    private Uni<Void> attempt(IncomingEvent event, Function<IncomingEvent, Uni<Void>> handler) {
        Uni<Void> once = Uni.createFrom().deferred(() -> handler.apply(event));
        if (retries.maxRetries() == 0) {
            return once.onFailure().invoke(failure -> failures.increment());
        }
        return once.onFailure()
                .invoke(failure -> failures.increment())
                .onFailure(failure -> !(failure instanceof PoisonEventException))
                .retry().withBackOff(retries.firstDelay(), retries.maxDelay()).withJitter(0.2).atMost(retries.maxRetries());
    }

    private Uni<Void> deadLetter(Message<byte[]> message, Throwable failure, String what) {
        deadLettered.increment();
        LOG.warnf("Channel %s: %s goes to the dead-letter topic: %s", channel, what, failure.toString());
        return Uni.createFrom().completionStage(() -> message.nack(failure));
    }

    private static Uni<Void> ack(Message<byte[]> message) {
        return Uni.createFrom().completionStage(message::ack);
    }

    private static Counter outcome(MeterRegistry meters, String channel, String outcome) {
        return Counter.builder("messaging.consumed").description("Records consumed, by outcome")
                .tag("channel", channel).tag("outcome", outcome).register(meters);
    }
}
