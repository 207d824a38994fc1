package at.meldestelle.infra.auth.user;

import at.meldestelle.infra.shared.api.security.Roles;

import java.util.List;

/** A person who logs in with username and password; the password is only kept as a bcrypt hash. */
public record User(String id, String username, String passwordHash, boolean enabled, List<String> roles) {

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    public User withEnabled(boolean enabled) {
        return new User(id, username, passwordHash, enabled, roles);
    }

    public User withRoles(List<String> roles) {
        return new User(id, username, passwordHash, enabled, roles);
    }

    public User withPasswordHash(String passwordHash) {
        return new User(id, username, passwordHash, enabled, roles);
    }
}
