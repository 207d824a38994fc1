package at.meldestelle.infra.shared.api.security;

/** Headers by which the gateway tells upstream services who is calling. */
public final class IdentityHeaders {

    public static final String PREFIX = "X-User-";
    public static final String USER_ID = "X-User-Id";
    public static final String USER_ROLES = "X-User-Roles";
    public static final String USER_PERMISSIONS = "X-User-Permissions";

    private IdentityHeaders() {
    }
}
