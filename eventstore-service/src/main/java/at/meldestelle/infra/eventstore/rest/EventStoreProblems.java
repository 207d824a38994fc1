package at.meldestelle.infra.eventstore.rest;

import at.meldestelle.infra.shared.api.problem.ProblemType;

/** The problem types the event store answers with, beside the plain HTTP ones. */
public final class EventStoreProblems {

    public static final ProblemType WRONG_EXPECTED_VERSION =
            ProblemType.of(409, "wrong-expected-version", "Wrong expected version");
    public static final ProblemType PARTIALLY_APPENDED_BATCH =
            ProblemType.of(409, "partially-appended-batch", "Batch overlaps earlier appends");

    private EventStoreProblems() {
    }
}
