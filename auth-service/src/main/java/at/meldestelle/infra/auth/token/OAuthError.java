package at.meldestelle.infra.auth.token;

import at.meldestelle.infra.shared.problem.Problem;
import at.meldestelle.infra.shared.problem.ProblemException;

/**
 * OAuth 2.0 errors (RFC 6749 section 5.2) as problem+json: the problem members for our clients, and
 * {@code error}/{@code error_description} for any OAuth client library.
 */
public final class OAuthError {

    private OAuthError() {
    }

    public static ProblemException invalidRequest(String description) {
        return of(400, "invalid_request", "Invalid token request", description);
    }

    public static ProblemException unsupportedGrantType(String grantType) {
        return of(400, "unsupported_grant_type", "Unsupported grant type",
                "Grant type '" + grantType + "' is not supported; use client_credentials.");
    }

    /** 401 for a client that could not be authenticated; never says whether the client exists. */
    public static ProblemException invalidClient() {
        return of(401, "invalid_client", "Client authentication failed",
                "The client is unknown, disabled, or its secret is wrong.");
    }

    private static ProblemException of(int status, String error, String title, String description) {
        return new ProblemException(Problem.of(status, "oauth/" + error, title, description)
                .with("error", error)
                .with("error_description", description));
    }
}
