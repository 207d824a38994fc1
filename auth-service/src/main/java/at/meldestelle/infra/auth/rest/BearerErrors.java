package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import jakarta.ws.rs.core.Response;

/** Answers of endpoints that take a bearer token: problem+json, and RFC 6750 section 3's {@code WWW-Authenticate}. */
final class BearerErrors {

    private BearerErrors() {
    }

    /** 401 names the refused token's error (none when no token came); 403 says {@code insufficient_scope}. */
    static Response response(ProblemException e) {
        Problem problem = e.problem();
        Response.ResponseBuilder response = Response.status(problem.getStatus()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.getStatus() == 401 || problem.getStatus() == 403) {
            Object error = problem.getExtensions().get("error");
            response.header("WWW-Authenticate", "Bearer realm=\"meldestelle\"" + (error == null ? "" : ", error=\"" + error + "\""));
        }
        return response.build();
    }
}
