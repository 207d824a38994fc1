package at.meldestelle.infra.auth.admin;

import at.meldestelle.infra.auth.user.User;

import java.util.List;

/** A user as the admin API shows it: never its password hash. */
public record UserView(String id, String username, boolean enabled, List<String> roles) {

    static UserView of(User user) {
        return new UserView(user.id(), user.username(), user.enabled(), user.roles());
    }
}
