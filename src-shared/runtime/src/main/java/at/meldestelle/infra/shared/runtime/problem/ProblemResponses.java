package at.meldestelle.infra.shared.runtime.problem;

import at.meldestelle.infra.shared.api.problem.Problem;
import jakarta.ws.rs.core.Response;

/** Problems as JAX-RS responses; Quarkus REST writes them with the application's ObjectMapper. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(Problem problem) {
        return Response.status(problem.getStatus()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
