package at.meldestelle.infra.auth.admin;

import at.meldestelle.infra.auth.client.OAuthClient;

import java.util.List;
import java.util.Set;

/** A client as the admin API shows it: never its secret (only once, when made: {@link ClientSecret}). */
public record ClientView(String clientId, boolean enabled, List<String> roles, Set<String> grantTypes, boolean introspection) {

    static ClientView of(OAuthClient client) {
        return new ClientView(client.clientId(), client.enabled(), client.roles(), client.grantTypes(), client.introspection());
    }
}
