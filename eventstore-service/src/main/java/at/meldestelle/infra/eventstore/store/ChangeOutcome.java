package at.meldestelle.infra.eventstore.store;

/** What became of a change to a stream other than an append (metadata, delete, snapshot). */
public sealed interface ChangeOutcome {

    record Done() implements ChangeOutcome {
    }

    record NotFound(boolean softDeleted) implements ChangeOutcome {
    }

    record Tombstoned() implements ChangeOutcome {
    }

    record WrongVersion(long current) implements ChangeOutcome {
    }

    /** A snapshot for a version the stream has not reached. */
    record AheadOfStream(long current) implements ChangeOutcome {
    }

    /** A snapshot older than the one stored. */
    record OlderThanStored(long stored) implements ChangeOutcome {
    }
}
