package at.meldestelle.infra.shared.api.problem;

import java.net.URI;

/**
 * A kind of problem a service reports: its type URI ({@code https://meldestelle.at/problems/<slug>}),
 * title and status. Each service declares its types once, in one catalogue class, and makes
 * problems from them.
 */
public record ProblemType(URI type, String title, int status) {

    static final String TYPE_BASE = "https://meldestelle.at/problems/";

    public static ProblemType of(int status, String slug, String title) {
        return new ProblemType(URI.create(TYPE_BASE + slug), title, status);
    }

    /** A problem of this type about one occurrence. */
    public Problem problem(String detail) {
        return Problem.of(this, detail);
    }

    /** The same, thrown or failed with to answer a request. */
    public ProblemException exception(String detail) {
        return new ProblemException(problem(detail));
    }
}
