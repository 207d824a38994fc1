package at.meldestelle.infra.auth.grant;

import at.meldestelle.infra.auth.audit.AuditLog;
import at.meldestelle.infra.auth.bruteforce.LoginThrottle;
import at.meldestelle.infra.auth.client.ClientAuthenticator;
import at.meldestelle.infra.auth.client.OAuthClient;
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

import java.time.Duration;
import java.util.Optional;

/**
 * RFC 6749 section 4.3: a confidential client logs a user in with username and password; a session
 * opens, with an access token and a refresh token. An unknown user, a disabled one and a wrong
 * password get the same answer after the same bcrypt check and count alike as failures of the
 * (name, address) pair and of the address ({@link LoginThrottle}); while either is throttled, no
 * password is checked.
 */
@ApplicationScoped
public class PasswordGrant implements GrantHandler {

    private static final String WRONG_CREDENTIALS = "The username or password is wrong.";

    private final ClientAuthenticator clients;
    private final UserRepository users;
    private final PasswordHasher passwords;
    private final LoginThrottle throttle;
    private final SessionStore sessions;
    private final AccessTokenIssuer issuer;
    private final AuditLog audit;

    public PasswordGrant(ClientAuthenticator clients, UserRepository users, PasswordHasher passwords, LoginThrottle throttle,
                         SessionStore sessions, AccessTokenIssuer issuer, AuditLog audit) {
        this.clients = clients;
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
        this.sessions = sessions;
        this.issuer = issuer;
        this.audit = audit;
    }

    @Override
    public String grantType() {
        return "password";
    }

    @Override
    public Uni<TokenResponse> handle(OAuthRequest request) {
        return clients.authenticate(request, grantType()).flatMap(client -> {
            String username = request.required("username");
            String password = request.required("password");
            String address = request.clientAddress();
            return throttle.attempt(username, address).flatMap(wait -> {
                if (!wait.isZero()) {
                    audit.loginFailed(username, client.clientId(), address, AuditLog.THROTTLED, request.correlationId());
                    return Uni.createFrom().failure(OAuthError.throttled(secondsRoundedUp(wait)));
                }
                return users.findByUsername(username)
                        .flatMap(user -> passwords.matches(password, user != null && user.enabled() ? user.passwordHash() : null)
                                .map(matches -> matches ? Optional.of(user) : Optional.<User>empty()))
                        .onFailure().call(() -> throttle.notChecked(username, address))
                        .flatMap(matched -> matched.isPresent() ? login(matched.get(), username, client, request)
                                : refuse(username, client, request));
            });
        });
    }

    /** The pair's attempt stays counted as a failure; the address's count grows. */
    private Uni<TokenResponse> refuse(String username, OAuthClient client, OAuthRequest request) {
        audit.loginFailed(username, client.clientId(), request.clientAddress(), AuditLog.INVALID_CREDENTIALS, request.correlationId());
        return throttle.failed(request.clientAddress())
                .flatMap(ignored -> Uni.createFrom().failure(OAuthError.invalidGrant(WRONG_CREDENTIALS)));
    }

    private Uni<TokenResponse> login(User checked, String presentedName, OAuthClient client, OAuthRequest request) {
        return throttle.succeeded(presentedName, request.clientAddress())
                .flatMap(ignored -> sessions.open(checked.id(), client.clientId()))
                .flatMap(issued -> current(checked, issued).flatMap(user -> {
                    if (user == null) {
                        audit.loginFailed(presentedName, client.clientId(), request.clientAddress(), AuditLog.CHANGED_DURING_LOGIN,
                                request.correlationId());
                        return Uni.createFrom().failure(OAuthError.invalidGrant(WRONG_CREDENTIALS));
                    }
                    TokenResponse token = issuer.forUser(user, client.clientId(), issued.session().id(),
                            issued.refreshToken().value());
                    audit.loginSucceeded(user.id(), user.username(), client.clientId(), issued.session().id(),
                            request.clientAddress(), request.correlationId());
                    return Uni.createFrom().item(token);
                }));
    }

    /**
     * The user as it is now that its session is open, if it is still the one the password was checked
     * against (enabled, same password): an admin who disabled it or reset its password meanwhile
     * ended the sessions it knew of, not this one, which ends here then (null). The token carries the
     * roles read now, not before the check.
     */
    private Uni<User> current(User checked, SessionStore.Issued issued) {
        return users.findById(checked.id()).flatMap(now -> now != null && now.enabled()
                && checked.passwordHash().equals(now.passwordHash())
                ? Uni.createFrom().item(now)
                : sessions.end(issued.session().id()).replaceWith((User) null));
    }

    private static long secondsRoundedUp(Duration wait) {
        return (wait.toMillis() + 999) / 1000;
    }
}
