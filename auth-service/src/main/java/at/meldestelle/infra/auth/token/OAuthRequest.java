package at.meldestelle.infra.auth.token;

/**
 * A parsed request to an OAuth endpoint (token, introspection, revocation): its form, the
 * Authorization header (client authentication by HTTP Basic), the caller's address (as
 * {@link at.meldestelle.infra.auth.net.ClientAddress} sees it) and the correlation id.
 */
public record OAuthRequest(TokenRequestForm form, String authorization, String clientAddress, String correlationId) {

    /** A form field the request must have; missing or empty is {@code invalid_request}. */
    public String required(String field) {
        String value = form.get(field);
        if (value == null || value.isEmpty()) {
            throw OAuthError.invalidRequest("The form field " + field + " is missing.");
        }
        return value;
    }
}
