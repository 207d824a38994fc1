package at.meldestelle.infra.auth.grant;

import at.meldestelle.infra.auth.token.TokenRequestForm;

/** A parsed token request: its form and the Authorization header (client authentication by HTTP Basic). */
public record TokenRequest(TokenRequestForm form, String authorization) {
}
