package at.meldestelle.infra.auth.client;

import java.util.List;

/** A registered OAuth client; its secret is only kept as a keyed hash ({@link ClientSecretHasher}). */
public record OAuthClient(String clientId, String secretHash, boolean enabled, List<String> roles, List<String> permissions) {
}
