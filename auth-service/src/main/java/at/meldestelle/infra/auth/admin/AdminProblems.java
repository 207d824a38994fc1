package at.meldestelle.infra.auth.admin;

import at.meldestelle.infra.shared.api.problem.ProblemException;
import at.meldestelle.infra.shared.api.problem.ProblemType;

/** The problem types of the admin API, declared once. */
public final class AdminProblems {

    private static final ProblemType NOT_ADMIN = ProblemType.of(403, "auth/admin-required", "Role ADMIN required");
    private static final ProblemType NOT_FOUND = ProblemType.of(404, "auth/not-found", "No such resource");
    private static final ProblemType CONFLICT = ProblemType.of(409, "auth/conflict", "Conflicting change");
    private static final ProblemType LOCKOUT = ProblemType.of(409, "auth/lockout", "The change would lock admins out");
    private static final ProblemType INVALID = ProblemType.of(422, "auth/invalid-input", "Invalid input");
    private static final ProblemType UNPUBLISHED = ProblemType.of(503, "auth/not-published",
            "Recorded, but not passed on to the gateway yet");

    private AdminProblems() {
    }

    public static ProblemException notAdmin() {
        return new ProblemException(NOT_ADMIN.problem("The access token has no role ADMIN.")
                .with("error", "insufficient_scope").with("error_description", "The access token has no role ADMIN."));
    }

    public static ProblemException notFound(String what) {
        return NOT_FOUND.exception(what + " does not exist.");
    }

    public static ProblemException conflict(String detail) {
        return CONFLICT.exception(detail);
    }

    public static ProblemException lockout(String detail) {
        return LOCKOUT.exception(detail);
    }

    public static ProblemException invalid(String detail) {
        return INVALID.exception(detail);
    }

    public static ProblemException unpublished(String detail) {
        return UNPUBLISHED.exception(detail);
    }
}
