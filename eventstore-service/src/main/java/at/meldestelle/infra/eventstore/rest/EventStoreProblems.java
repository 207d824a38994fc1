package at.meldestelle.infra.eventstore.rest;

import at.meldestelle.infra.eventstore.store.AppendOutcome;
import at.meldestelle.infra.eventstore.store.ChangeOutcome;
import at.meldestelle.infra.eventstore.store.Lookup;
import at.meldestelle.infra.eventstore.stream.ExpectedVersion;
import at.meldestelle.infra.eventstore.stream.StreamName;
import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import at.meldestelle.infra.shared.api.problem.ProblemType;

/** The problem types the event store answers with, and the outcomes that lead to them. */
public final class EventStoreProblems {

    public static final ProblemType WRONG_EXPECTED_VERSION =
            ProblemType.of(409, "wrong-expected-version", "Wrong expected version");
    public static final ProblemType PARTIALLY_APPENDED_BATCH =
            ProblemType.of(409, "partially-appended-batch", "Batch overlaps earlier appends");
    public static final ProblemType EVENT_ID_REUSED =
            ProblemType.of(409, "event-id-reused", "eventId reused with other content");
    public static final ProblemType STREAM_DELETED =
            ProblemType.of(410, "stream-deleted", "Stream deleted for good");
    public static final ProblemType SNAPSHOT_CONFLICT =
            ProblemType.of(409, "snapshot-conflict", "Snapshot does not fit the stream");

    private EventStoreProblems() {
    }

    static ProblemException appendFailure(StreamName stream, ExpectedVersion expected, AppendOutcome outcome) {
        if (outcome instanceof AppendOutcome.WrongVersion wrong) {
            return new ProblemException(WRONG_EXPECTED_VERSION.problem("Stream " + stream + " is at version " + wrong.current()
                            + (wrong.deleted() ? " (deleted)" : "") + ", the append expected " + expected.encoded() + ".")
                    .with("currentVersion", wrong.current())
                    .with("expectedVersion", expected.encoded()));
        }
        if (outcome instanceof AppendOutcome.PartialOverlap partial) {
            return new ProblemException(PARTIALLY_APPENDED_BATCH.problem("Some but not all eventIds of this batch were appended to "
                            + stream + " before, or in another order; resend the original batch or use new eventIds.")
                    .with("currentVersion", partial.current()));
        }
        if (outcome instanceof AppendOutcome.EventIdReused reused) {
            return new ProblemException(EVENT_ID_REUSED.problem("events[" + reused.index() + "].eventId was appended to " + stream
                            + " before with other content; an eventId names one event. Use a new eventId for a new event.")
                    .with("currentVersion", reused.current())
                    .with("index", reused.index()));
        }
        if (outcome instanceof AppendOutcome.Tombstoned) {
            return gone(stream);
        }
        if (outcome instanceof AppendOutcome.Contended contended) {
            return new ProblemException(Problem.ofStatus(503, "Stream " + stream + " is being appended to faster than this "
                    + "append could follow; nothing was stored. Retry it.").with("currentVersion", contended.current()));
        }
        throw new IllegalArgumentException("Not a failed append: " + outcome);
    }

    static ProblemException lookupFailure(StreamName stream, Lookup<?> lookup, String what) {
        if (lookup instanceof Lookup.NotFound<?> notFound) {
            return ProblemException.notFound(notFound.softDeleted()
                    ? "Stream " + stream + " was deleted; appending to it recreates it."
                    : what + " does not exist.");
        }
        if (lookup instanceof Lookup.Tombstoned<?>) {
            return gone(stream);
        }
        throw new IllegalArgumentException("Not a failed lookup: " + lookup);
    }

    static ProblemException changeFailure(StreamName stream, ChangeOutcome outcome) {
        if (outcome instanceof ChangeOutcome.NotFound notFound) {
            return ProblemException.notFound("Stream " + stream + (notFound.softDeleted() ? " was deleted." : " does not exist."));
        }
        if (outcome instanceof ChangeOutcome.Tombstoned) {
            return gone(stream);
        }
        if (outcome instanceof ChangeOutcome.WrongVersion wrong) {
            return new ProblemException(WRONG_EXPECTED_VERSION.problem("Stream " + stream + " is at version " + wrong.current() + ".")
                    .with("currentVersion", wrong.current()));
        }
        if (outcome instanceof ChangeOutcome.AheadOfStream ahead) {
            return new ProblemException(SNAPSHOT_CONFLICT.problem("Stream " + stream + " is at version " + ahead.current()
                    + "; a snapshot cannot be of a later version.").with("currentVersion", ahead.current()));
        }
        if (outcome instanceof ChangeOutcome.OlderThanStored older) {
            return new ProblemException(SNAPSHOT_CONFLICT.problem("A snapshot of version " + older.stored() + " of stream " + stream
                    + " is stored already; an older one does not replace it.").with("storedVersion", older.stored()));
        }
        throw new IllegalArgumentException("Not a failed change: " + outcome);
    }

    private static ProblemException gone(StreamName stream) {
        return STREAM_DELETED.exception("Stream " + stream + " was deleted for good (hard delete); it cannot be read or written again.");
    }
}
