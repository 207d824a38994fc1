package at.meldestelle.infra.gateway.problem;

import at.meldestelle.infra.shared.api.problem.ProblemType;

/** The problem types the gateway answers with, beside the plain HTTP ones. */
public final class GatewayProblems {

    public static final ProblemType UPSTREAM_UNAVAILABLE = ProblemType.of(503, "upstream-unavailable", "Upstream unavailable");
    public static final ProblemType CIRCUIT_OPEN = ProblemType.of(503, "circuit-open", "Upstream circuit open");
    public static final ProblemType UPSTREAM_TIMEOUT = ProblemType.of(504, "upstream-timeout", "Upstream timeout");
    public static final ProblemType UPSTREAM_FAILED = ProblemType.of(502, "upstream-failed", "Upstream failed");
    public static final ProblemType RATE_LIMITED = ProblemType.of(429, "rate-limited", "Too many requests");
    public static final ProblemType RATE_LIMITER_UNAVAILABLE = ProblemType.of(503, "rate-limiter-unavailable", "Rate limiter unavailable");

    private GatewayProblems() {
    }
}
