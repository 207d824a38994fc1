package at.meldestelle.infra.auth.client;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A registered OAuth client; its secret is only kept as a keyed hash ({@link ClientSecretHasher}).
 *
 * @param grantTypes    the grant types it may use at the token endpoint
 * @param introspection   whether it may introspect tokens (a resource server)
 * @param secretChangedAt when its secret was last replaced (null: never); tokens issued before do not count as its
 */
public record OAuthClient(String clientId, String secretHash, boolean enabled, List<String> roles, Set<String> grantTypes,
                          boolean introspection, Instant secretChangedAt) {

    public boolean allows(String grantType) {
        return grantTypes.contains(grantType);
    }

    /** With its first secret's hash (a replaced secret is {@link ClientRepository#replaceSecretHash}'s). */
    public OAuthClient withSecretHash(String hash) {
        return new OAuthClient(clientId, hash, enabled, roles, grantTypes, introspection, secretChangedAt);
    }
}
