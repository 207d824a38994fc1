package at.meldestelle.infra.eventstore.forwarder;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Publishes one batch of outbox entries and decides what becomes of each, keeping every stream's
 * events in order on Kafka.
 *
 * <p>The batch is sent all at once. If every send succeeds, all are settled. Otherwise, from a
 * stream's first failed event on, its events are sent again one at a time, in order: one that Kafka
 * refuses for good (too large, invalid, or an entry that cannot even be made into a record) is
 * parked; one that fails for a passing reason (timeout, broker away) ends the round, and it and
 * everything not yet settled stay pending: such a failure hits every record alike, and one send
 * after another, each waiting for its timeout, would outlast the partition lease. A later event that had already
 * succeeded is sent again only when an earlier one of its stream is published after it, so a
 * consumer always finds {@code v(n)} before the last copy of {@code v(n+1)}.
 */
final class ForwardRound {

    /** What to settle: published entry ids, refused entry ids with the reason, and whether any stays pending. */
    record Settlement(List<String> published, Map<String, String> refused, boolean stalled) {
    }

    private final Function<OutboxEntry, String> streamOf;
    private final Function<OutboxEntry, Uni<Void>> send;

    ForwardRound(Function<OutboxEntry, String> streamOf, Function<OutboxEntry, Uni<Void>> send) {
        this.streamOf = streamOf;
        this.send = send;
    }

    Uni<Settlement> run(List<OutboxEntry> batch) {
        List<OutboxEntry> events = batch.stream().filter(entry -> !entry.isEmpty()).toList();
        List<String> published = new ArrayList<>(batch.size());
        batch.stream().filter(OutboxEntry::isEmpty).forEach(entry -> published.add(entry.id()));
        if (events.isEmpty()) {
            return Uni.createFrom().item(new Settlement(published, Map.of(), false));
        }
        return Uni.join().all(events.stream().map(this::attempt).toList()).andFailFast()
                .flatMap(failures -> {
                    Set<String> failedStreams = new HashSet<>();
                    List<Retry> retries = new ArrayList<>();
                    for (int i = 0; i < events.size(); i++) {
                        OutboxEntry entry = events.get(i);
                        String stream = streamOf.apply(entry);
                        boolean failed = failures.get(i).isPresent();
                        if (!failed && !failedStreams.contains(stream)) {
                            published.add(entry.id());
                        } else {
                            failedStreams.add(stream);
                            retries.add(new Retry(entry, stream, !failed));
                        }
                    }
                    return retries.isEmpty()
                            ? Uni.createFrom().item(new Settlement(published, Map.of(), false))
                            : oneByOne(retries, published);
                });
    }

    private record Retry(OutboxEntry entry, String stream, boolean alreadyPublished) {
    }

    private Uni<Settlement> oneByOne(List<Retry> retries, List<String> published) {
        Map<String, String> refused = new LinkedHashMap<>();
        Set<String> republished = new HashSet<>();
        boolean[] stalled = {false};
        return Multi.createFrom().iterable(retries)
                .onItem().transformToUniAndConcatenate(retry -> {
                    if (stalled[0]) {
                        return Uni.createFrom().voidItem();
                    }
                    if (retry.alreadyPublished() && !republished.contains(retry.stream())) {
                        published.add(retry.entry().id());
                        return Uni.createFrom().voidItem();
                    }
                    return attempt(retry.entry()).invoke(failure -> {
                        if (failure.isEmpty()) {
                            published.add(retry.entry().id());
                            republished.add(retry.stream());
                        } else if (isRefusal(failure.get())) {
                            refused.put(retry.entry().id(), reason(failure.get()));
                        } else {
                            stalled[0] = true;
                        }
                    }).replaceWithVoid();
                })
                .collect().last()
                .map(ignored -> new Settlement(published, refused, stalled[0]));
    }

    /** Never fails: the failure, if any, is the item. */
    private Uni<Optional<Throwable>> attempt(OutboxEntry entry) {
        Uni<Void> sent;
        try {
            sent = send.apply(entry);
        } catch (RuntimeException e) {
            sent = Uni.createFrom().failure(new UnsendableEntryException(e));
        }
        return sent.onItemOrFailure().transform((ok, failure) -> Optional.ofNullable(failure));
    }

    /**
     * Kafka refuses this record itself, for good: sending it again cannot succeed. Anything else
     * (timeouts, a missing topic, authorisation) is a state of the broker that would refuse every
     * record alike; parking would empty the outbox into the parking lot, so it stalls instead.
     */
    static boolean isRefusal(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof UnsendableEntryException
                    || cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                    || cause instanceof InvalidRecordException || cause instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** An outbox entry that could not be made into a Kafka record (malformed, or from a foreign writer). */
    static final class UnsendableEntryException extends RuntimeException {
        UnsendableEntryException(RuntimeException cause) {
            super("The outbox entry cannot be made into a record: " + cause, cause);
        }
    }
}
