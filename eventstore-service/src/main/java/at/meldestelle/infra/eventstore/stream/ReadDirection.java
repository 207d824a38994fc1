package at.meldestelle.infra.eventstore.stream;

import at.meldestelle.infra.shared.api.problem.ProblemException;

public enum ReadDirection {
    FORWARD, BACKWARD;

    public static ReadDirection parse(String value) {
        if (value == null || value.equalsIgnoreCase("forward")) {
            return FORWARD;
        }
        if (value.equalsIgnoreCase("backward")) {
            return BACKWARD;
        }
        throw ProblemException.badRequest("direction must be forward or backward, not '" + value + "'.");
    }
}
