package at.meldestelle.infra.auth.client;

import at.meldestelle.infra.auth.token.OAuthRequest;
import at.meldestelle.infra.auth.token.ClientCredentials;
import at.meldestelle.infra.auth.token.OAuthError;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Authenticates a confidential client of a token request (RFC 6749 section 2.3.1). */
@ApplicationScoped
public class ClientAuthenticator {

    private final ClientRepository clients;
    private final ClientSecretHasher hasher;

    public ClientAuthenticator(ClientRepository clients, ClientSecretHasher hasher) {
        this.clients = clients;
        this.hasher = hasher;
    }

    /** The enabled client whose secret the request presents; otherwise a failure with {@code invalid_client}. */
    public Uni<OAuthClient> authenticate(OAuthRequest request) {
        return Uni.createFrom().item(() -> ClientCredentials.from(request.authorization(),
                        request.form().get("client_id"), request.form().get("client_secret")))
                .flatMap(credentials -> clients.find(credentials.clientId()).map(client -> {
                    boolean known = client != null && client.enabled();
                    if (!hasher.matches(credentials.clientId(), credentials.secret(), known ? client.secretHash() : null)) {
                        throw OAuthError.invalidClient();
                    }
                    return client;
                }));
    }

    /**
     * The same, for a grant: a client that may not use {@code grantType} gets {@code unauthorized_client}
     * (RFC 6749 section 5.2).
     */
    public Uni<OAuthClient> authenticate(OAuthRequest request, String grantType) {
        return authenticate(request).map(client -> {
            if (!client.allows(grantType)) {
                throw OAuthError.unauthorizedClient("The client may not use the grant type " + grantType + ".");
            }
            return client;
        });
    }
}
