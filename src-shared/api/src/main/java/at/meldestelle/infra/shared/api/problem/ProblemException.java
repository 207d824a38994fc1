package at.meldestelle.infra.shared.api.problem;

/** Thrown (or failed with, in a Uni) to answer a request with the given problem. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.getDetail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.ofStatus(400, detail));
    }

    /** A client's value as a problem detail may quote it: cut to 64 characters, so a huge input is not echoed back. */
    public static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        return "'" + (value.length() > 64 ? value.substring(0, 64) + "..." : value) + "'";
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.ofStatus(404, detail));
    }
}
