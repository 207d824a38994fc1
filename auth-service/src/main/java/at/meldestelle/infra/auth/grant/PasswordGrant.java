package at.meldestelle.infra.auth.grant;

import at.meldestelle.infra.auth.client.ClientAuthenticator;
import at.meldestelle.infra.auth.session.SessionStore;
import at.meldestelle.infra.auth.token.AccessTokenIssuer;
import at.meldestelle.infra.auth.token.OAuthError;
import at.meldestelle.infra.auth.token.OAuthRequest;
import at.meldestelle.infra.auth.token.TokenResponse;
import at.meldestelle.infra.auth.user.PasswordHasher;
import at.meldestelle.infra.auth.user.User;
import at.meldestelle.infra.auth.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * RFC 6749 section 4.3: a confidential client logs a user in with username and password; a session
 * opens, with an access token and a refresh token. An unknown user, a disabled one and a wrong
 * password get the same answer after the same bcrypt check.
 */
@ApplicationScoped
public class PasswordGrant implements GrantHandler {

    private static final String WRONG_CREDENTIALS = "The username or password is wrong.";

    private final ClientAuthenticator clients;
    private final UserRepository users;
    private final PasswordHasher passwords;
    private final SessionStore sessions;
    private final AccessTokenIssuer issuer;

    public PasswordGrant(ClientAuthenticator clients, UserRepository users, PasswordHasher passwords, SessionStore sessions,
                         AccessTokenIssuer issuer) {
        this.clients = clients;
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.issuer = issuer;
    }

    @Override
    public String grantType() {
        return "password";
    }

    @Override
    public Uni<TokenResponse> handle(OAuthRequest request) {
        return clients.authenticate(request).flatMap(client -> {
            String username = request.required("username");
            String password = request.required("password");
            return users.findByUsername(username).flatMap(user -> passwords
                    .matches(password, user != null && user.enabled() ? user.passwordHash() : null)
                    .flatMap(matches -> {
                        if (!matches) {
                            return Uni.createFrom().<TokenResponse>failure(OAuthError.invalidGrant(WRONG_CREDENTIALS));
                        }
                        return login(user, client.clientId());
                    }));
        });
    }

    private Uni<TokenResponse> login(User user, String clientId) {
        return sessions.open(user.id(), clientId).map(issued ->
                issuer.forUser(user, clientId, issued.session().id(), issued.refreshToken().value()));
    }
}
