package at.meldestelle.infra.shared.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/** Which permission each operation of a service needs; a caller with the admin role may do all. */
@ConfigMapping(prefix = "meldestelle.security")
public interface SecurityConfig {

    /** The role that may do every operation. */
    @WithDefault("ADMIN")
    String adminRole();

    /**
     * Operation name (as in {@code @PermissionsAllowed("eventstore.read")}) to the permission a token
     * must carry in its {@code permissions} claim. An operation missing here is refused to everyone
     * but the admin role.
     */
    Map<String, String> operations();
}
