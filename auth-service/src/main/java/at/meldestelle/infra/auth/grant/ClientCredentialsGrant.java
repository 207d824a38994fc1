package at.meldestelle.infra.auth.grant;

import at.meldestelle.infra.auth.client.ClientAuthenticator;
import at.meldestelle.infra.auth.token.AccessTokenIssuer;
import at.meldestelle.infra.auth.token.OAuthRequest;
import at.meldestelle.infra.auth.token.TokenResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** RFC 6749 section 4.4: a confidential client gets a token for itself. */
@ApplicationScoped
public class ClientCredentialsGrant implements GrantHandler {

    private final ClientAuthenticator clients;
    private final AccessTokenIssuer issuer;

    public ClientCredentialsGrant(ClientAuthenticator clients, AccessTokenIssuer issuer) {
        this.clients = clients;
        this.issuer = issuer;
    }

    @Override
    public String grantType() {
        return "client_credentials";
    }

    @Override
    public Uni<TokenResponse> handle(OAuthRequest request) {
        return clients.authenticate(request, grantType()).map(issuer::forClient);
    }
}
