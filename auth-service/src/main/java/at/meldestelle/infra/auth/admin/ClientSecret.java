package at.meldestelle.infra.auth.admin;

/** A newly generated client secret: shown this once, kept only as a hash. */
public record ClientSecret(String clientId, String clientSecret, ClientView client) {
}
