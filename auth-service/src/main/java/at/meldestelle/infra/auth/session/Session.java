package at.meldestelle.infra.auth.session;

/** A login of a user through a client; its refresh tokens keep it alive, its id is the {@code sid} of its tokens. */
public record Session(String id, String userId, String clientId) {
}
