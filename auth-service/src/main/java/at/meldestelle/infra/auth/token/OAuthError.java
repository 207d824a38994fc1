package at.meldestelle.infra.auth.token;

import at.meldestelle.infra.shared.api.problem.ProblemException;
import at.meldestelle.infra.shared.api.problem.ProblemType;

import java.util.Collection;

/**
 * OAuth 2.0 errors (RFC 6749 section 5.2) as problem+json: the problem members for our clients, and
 * {@code error}/{@code error_description} for any OAuth client library. The problem types of the
 * token endpoint are declared here, once.
 */
public final class OAuthError {

    private static final ProblemType INVALID_REQUEST = type(400, "invalid_request", "Invalid token request");
    private static final ProblemType UNSUPPORTED_GRANT_TYPE = type(400, "unsupported_grant_type", "Unsupported grant type");
    private static final ProblemType INVALID_CLIENT = type(401, "invalid_client", "Client authentication failed");
    private static final ProblemType INVALID_GRANT = type(400, "invalid_grant", "Invalid grant");
    private static final ProblemType UNAUTHORIZED_CLIENT = type(400, "unauthorized_client", "Not allowed for this client");
    private static final ProblemType THROTTLED = type(429, "invalid_grant", "Too many failed logins");
    private static final ProblemType ACCESS_DENIED = type(403, "access_denied", "Not allowed for this client");
    private static final ProblemType TEMPORARILY_UNAVAILABLE = type(503, "temporarily_unavailable", "Temporarily unavailable");

    /** Problem member with the seconds after which a refused request may be repeated; answered as {@code Retry-After}. */
    public static final String RETRY_AFTER = "retryAfter";

    private OAuthError() {
    }

    public static ProblemException invalidRequest(String description) {
        return of(INVALID_REQUEST, "invalid_request", description);
    }

    public static ProblemException unsupportedGrantType(String grantType, Collection<String> supported) {
        return of(UNSUPPORTED_GRANT_TYPE, "unsupported_grant_type", "Grant type " + ProblemException.quoted(grantType)
                + " is not supported; use one of " + supported.stream().sorted().toList() + ".");
    }

    /** 401 for a client that could not be authenticated; never says whether the client exists. */
    public static ProblemException invalidClient() {
        return of(INVALID_CLIENT, "invalid_client", "The client is unknown, disabled, or its secret is wrong.");
    }

    /** Wrong credentials of a user, or a refresh token that is unknown, expired or used; never says which. */
    public static ProblemException invalidGrant(String description) {
        return of(INVALID_GRANT, "invalid_grant", description);
    }

    /** The client may not use this grant type, or act on this token (RFC 7009 section 2.1: it was issued to another client). */
    public static ProblemException unauthorizedClient(String description) {
        return of(UNAUTHORIZED_CLIENT, "unauthorized_client", description);
    }

    /**
     * 429 for a login refused unchecked because its user name or address failed too often lately:
     * {@code invalid_grant} for OAuth client libraries, with {@code Retry-After}. It does not say
     * whether the user exists (names without a user are throttled alike).
     */
    public static ProblemException throttled(long retryAfterSeconds) {
        String description = "Too many failed logins for this user name or address; try again in " + retryAfterSeconds + " s.";
        ProblemException e = of(THROTTLED, "invalid_grant", description);
        e.problem().with(RETRY_AFTER, retryAfterSeconds);
        return e;
    }

    /** 403: the client is authenticated but may not use this endpoint (introspection without the right to it). */
    public static ProblemException accessDenied(String description) {
        return of(ACCESS_DENIED, "access_denied", description);
    }

    public static ProblemException temporarilyUnavailable(String description) {
        return of(TEMPORARILY_UNAVAILABLE, "temporarily_unavailable", description);
    }

    private static ProblemType type(int status, String error, String title) {
        return ProblemType.of(status, "oauth/" + error, title);
    }

    private static ProblemException of(ProblemType type, String error, String description) {
        return new ProblemException(type.problem(description)
                .with("error", error)
                .with("error_description", description));
    }
}
