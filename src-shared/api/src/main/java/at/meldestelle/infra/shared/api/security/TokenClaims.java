package at.meldestelle.infra.shared.api.security;

/** Claim names and the audience of platform access tokens (DESIGN section 5). */
public final class TokenClaims {

    public static final String AUDIENCE = "meldestelle-api";
    public static final String ROLES = "roles";
    public static final String PERMISSIONS = "permissions";
    public static final String PREFERRED_USERNAME = "preferred_username";
    public static final String CLIENT_ID = "client_id";
    /** The session a user token belongs to; client_credentials tokens have none. */
    public static final String SESSION_ID = "sid";

    private TokenClaims() {
    }
}
