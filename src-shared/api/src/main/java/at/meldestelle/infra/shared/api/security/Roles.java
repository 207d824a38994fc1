package at.meldestelle.infra.shared.api.security;

/** The platform's roles, carried in the {@code roles} claim. */
public final class Roles {

    public static final String ADMIN = "ADMIN";
    public static final String TRAINER = "TRAINER";
    public static final String MEMBER = "MEMBER";
    public static final String GUEST = "GUEST";

    private Roles() {
    }
}
