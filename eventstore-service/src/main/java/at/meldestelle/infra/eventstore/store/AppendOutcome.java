package at.meldestelle.infra.eventstore.store;

import at.meldestelle.infra.eventstore.stream.AppendResult;

/** What became of an append. Only {@link Appended} and {@link Repeated} stored anything (Repeated: earlier). */
public sealed interface AppendOutcome {

    record Appended(AppendResult result) implements AppendOutcome {
    }

    /** Every eventId of the batch was appended before, in this order, with this content: the original result. */
    record Repeated(AppendResult result) implements AppendOutcome {
    }

    record WrongVersion(long current, boolean deleted) implements AppendOutcome {
    }

    /** Some but not all eventIds were appended before, or in another order. */
    record PartialOverlap(long current) implements AppendOutcome {
    }

    /** The eventId at {@code index} of the batch was appended before with other content. */
    record EventIdReused(long current, int index) implements AppendOutcome {
    }

    record Tombstoned(long current) implements AppendOutcome {
    }

    /** Other appends to the stream kept moving its chain head while this one computed its hashes. */
    record Contended(long current) implements AppendOutcome {
    }
}
