package at.meldestelle.infra.auth.token;

/**
 * A parsed request to an OAuth endpoint (token, introspection, revocation): its form and the
 * Authorization header (client authentication by HTTP Basic).
 */
public record OAuthRequest(TokenRequestForm form, String authorization) {
}
