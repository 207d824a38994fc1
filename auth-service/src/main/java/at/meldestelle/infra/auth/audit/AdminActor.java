package at.meldestelle.infra.auth.audit;

/** Who made an admin change: the subject, name and client of the ADMIN token presented. */
public record AdminActor(String sub, String username, String clientId) {
}
