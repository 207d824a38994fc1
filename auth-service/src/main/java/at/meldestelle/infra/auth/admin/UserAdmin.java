package at.meldestelle.infra.auth.admin;

import at.meldestelle.infra.auth.audit.AdminActor;
import at.meldestelle.infra.auth.audit.AuditLog;
import at.meldestelle.infra.auth.revocation.RevocationPublisher;
import at.meldestelle.infra.auth.session.SessionStore;
import at.meldestelle.infra.auth.user.PasswordHasher;
import at.meldestelle.infra.auth.user.User;
import at.meldestelle.infra.auth.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Users through the admin API: create, disable and enable, reset the password, assign roles, and
 * their sessions. Disabling a user ends its sessions and publishes {@code UserDisabled}; a password
 * reset ends its sessions. The last enabled ADMIN user can be neither disabled nor lose the role.
 */
@ApplicationScoped
public class UserAdmin {

    private static final Logger LOG = Logger.getLogger(UserAdmin.class);
    private static final int MIN_PASSWORD = 8;

    private final UserRepository users;
    private final PasswordHasher passwords;
    private final KnownRoles roles;
    private final SessionStore sessions;
    private final RevocationPublisher revocations;
    private final LockoutGuard guard;
    private final AuditLog audit;

    public UserAdmin(UserRepository users, PasswordHasher passwords, KnownRoles roles, SessionStore sessions,
                     RevocationPublisher revocations, LockoutGuard guard, AuditLog audit) {
        this.users = users;
        this.passwords = passwords;
        this.roles = roles;
        this.sessions = sessions;
        this.revocations = revocations;
        this.guard = guard;
        this.audit = audit;
    }

    /** What a new user is made of; {@code enabled} defaults to true. */
    public record NewUser(String username, String password, List<String> roles, Boolean enabled) {
    }

    public Uni<UserView> create(AdminActor actor, NewUser input, String correlationId) {
        AdminInput.body(input);
        String username = AdminInput.username(input.username());
        String password = password(input.password());
        List<String> assigned = AdminInput.names(input.roles() == null ? List.of() : input.roles(), "roles");
        return roles.require(assigned)
                .flatMap(ignored -> passwords.hash(password))
                .flatMap(hash -> {
                    User user = new User(UUID.randomUUID().toString(), username, hash, input.enabled() == null || input.enabled(),
                            assigned);
                    return users.create(user).map(created -> {
                        if (!created) {
                            throw AdminProblems.conflict("A user named " + username + " exists (names are compared without "
                                    + "regard to case and Unicode form).");
                        }
                        audit.adminChanged(actor, "create", "users/" + user.id(),
                                Map.of("username", username, "roles", assigned, "enabled", user.enabled()), correlationId);
                        return UserView.of(user);
                    });
                });
    }

    public Uni<UserView> get(String id) {
        return existing(id).map(UserView::of);
    }

    /** The user of that name (compared as logins compare it), as a list of none or one: users are found, not listed. */
    public Uni<List<UserView>> findByName(String username) {
        if (username == null || username.isEmpty()) {
            return Uni.createFrom().failure(AdminProblems.invalid("The query parameter username is required: users are "
                    + "looked up by name or id, not listed."));
        }
        return users.findByUsername(username).map(user -> user == null ? List.of() : List.of(UserView.of(user)));
    }

    /** Disables the user, ends its sessions, and tells the gateway; again for a disabled one (after a 503). */
    public Uni<UserView> disable(AdminActor actor, String id, String correlationId) {
        return existing(id)
                .call(user -> user.isAdmin() ? guard.keepsAnAdminBesides(user.id()) : Uni.createFrom().voidItem())
                .flatMap(user -> {
                    Instant now = Instant.now();
                    return users.setEnabled(id, false)
                            .flatMap(ignored -> endSessions(id))
                            .invoke(() -> audit.adminChanged(actor, "disable", "users/" + id, Map.of(), correlationId))
                            .flatMap(ignored -> published(revocations.userDisabled(id, now, correlationId),
                                    "The user is disabled and its sessions are ended"))
                            .replaceWith(UserView.of(user.withEnabled(false)));
                });
    }

    public Uni<UserView> enable(AdminActor actor, String id, String correlationId) {
        return existing(id).flatMap(user -> users.setEnabled(id, true)
                .invoke(() -> audit.adminChanged(actor, "enable", "users/" + id, Map.of(), correlationId))
                .replaceWith(UserView.of(user.withEnabled(true))));
    }

    /** Sets a new password and ends the user's sessions (a reset usually follows a leak). */
    public Uni<Void> resetPassword(AdminActor actor, String id, String newPassword, String correlationId) {
        String password = password(newPassword);
        return existing(id).flatMap(user -> passwords.hash(password)
                .flatMap(hash -> users.setPasswordHash(id, hash))
                .flatMap(ignored -> endSessions(id))
                .invoke(() -> audit.adminChanged(actor, "reset-password", "users/" + id + "/password", Map.of(), correlationId))
                .flatMap(ended -> announce(ended, "password-reset", correlationId)));
    }

    public Uni<UserView> assignRoles(AdminActor actor, String id, List<String> requested, String correlationId) {
        List<String> assigned = AdminInput.names(requested, "roles");
        return roles.require(assigned).flatMap(ignored -> existing(id))
                .call(user -> user.isAdmin() && !user.withRoles(assigned).isAdmin()
                        ? guard.keepsAnAdminBesides(user.id()) : Uni.createFrom().voidItem())
                .flatMap(user -> users.setRoles(user, assigned)
                        .invoke(() -> audit.adminChanged(actor, "update", "users/" + id + "/roles", Map.of("roles", assigned),
                                correlationId))
                        .replaceWith(UserView.of(user.withRoles(assigned))));
    }

    public Uni<List<SessionStore.OpenSession>> sessions(String id) {
        return existing(id).flatMap(user -> sessions.ofUser(id));
    }

    /** Ends one session of the user (404 when it is not one of the user's open sessions). */
    public Uni<Void> endSession(AdminActor actor, String id, String sessionId, String correlationId) {
        return sessions(id).flatMap(open -> {
            if (open.stream().noneMatch(session -> session.id().equals(sessionId))) {
                return Uni.createFrom().failure(AdminProblems.notFound("An open session " + sessionId + " of user " + id));
            }
            return sessions.end(sessionId)
                    .invoke(() -> audit.adminChanged(actor, "delete", "users/" + id + "/sessions/" + sessionId, Map.of(),
                            correlationId))
                    .flatMap(ignored -> announce(List.of(sessionId), "admin", correlationId));
        });
    }

    public Uni<Void> endAllSessions(AdminActor actor, String id, String correlationId) {
        return existing(id).flatMap(user -> endSessions(id))
                .invoke(() -> audit.adminChanged(actor, "delete", "users/" + id + "/sessions", Map.of(), correlationId))
                .flatMap(ended -> announce(ended, "admin", correlationId));
    }

    private Uni<User> existing(String id) {
        return users.findById(id).map(user -> {
            if (user == null) {
                throw AdminProblems.notFound("User " + id);
            }
            return user;
        });
    }

    /** Ends every open session of the user in Redis; the ids of those ended. */
    private Uni<List<String>> endSessions(String userId) {
        return sessions.ofUser(userId).flatMap(open -> open.isEmpty() ? Uni.createFrom().item(List.<String>of())
                : Uni.join().all(open.stream().map(session -> sessions.end(session.id()).replaceWith(session.id())).toList())
                        .andFailFast());
    }

    private Uni<Void> announce(List<String> sessionIds, String reason, String correlationId) {
        if (sessionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return published(Uni.join().all(sessionIds.stream()
                        .map(sid -> revocations.sessionRevoked(sid, reason, correlationId)).toList()).andFailFast().replaceWithVoid(),
                "The sessions are ended");
    }

    private Uni<Void> published(Uni<Void> publication, String recorded) {
        return publication.onFailure().transform(failure -> {
            LOG.warnf("%s but not published: %s", recorded, failure.toString());
            return AdminProblems.unpublished(recorded + " in Redis (introspection already refuses their tokens), but the "
                    + "broker did not take the revocation for the gateway; send the request again.");
        });
    }

    private static String password(String password) {
        AdminInput.required(password, "password");
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD || !PasswordHasher.fits(password)) {
            throw AdminProblems.invalid("The field password must have at least " + MIN_PASSWORD + " characters and at most "
                    + PasswordHasher.MAX_PASSWORD_BYTES + " bytes of UTF-8 (bcrypt reads no more).");
        }
        return password;
    }
}
