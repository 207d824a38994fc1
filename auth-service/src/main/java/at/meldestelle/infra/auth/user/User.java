package at.meldestelle.infra.auth.user;

import java.util.List;

/** A person who logs in with username and password; the password is only kept as a bcrypt hash. */
public record User(String id, String username, String passwordHash, boolean enabled, List<String> roles, List<String> permissions) {
}
