package at.meldestelle.infra.auth.client;

import java.util.List;
import java.util.Set;

/**
 * A registered OAuth client; its secret is only kept as a keyed hash ({@link ClientSecretHasher}).
 *
 * @param grantTypes    the grant types it may use at the token endpoint
 * @param introspection whether it may introspect tokens (a resource server)
 */
public record OAuthClient(String clientId, String secretHash, boolean enabled, List<String> roles, Set<String> grantTypes,
                          boolean introspection) {

    public boolean allows(String grantType) {
        return grantTypes.contains(grantType);
    }

    public OAuthClient withSecretHash(String hash) {
        return new OAuthClient(clientId, hash, enabled, roles, grantTypes, introspection);
    }
}
