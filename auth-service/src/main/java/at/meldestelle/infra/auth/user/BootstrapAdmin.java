package at.meldestelle.infra.auth.user;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.shared.api.security.Roles;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Creates the first admin user ({@code AUTH_BOOTSTRAP_ADMIN_USERNAME}/{@code AUTH_BOOTSTRAP_ADMIN_PASSWORD})
 * when no user of that name exists; an existing one is left as it is, as Keycloak does with its
 * bootstrap admin (only listed as an admin, for a user of a build without that list).
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    private final AuthConfig.Bootstrap config;
    private final UserRepository users;
    private final PasswordHasher passwords;

    public BootstrapAdmin(AuthConfig config, UserRepository users, PasswordHasher passwords) {
        this.config = config.bootstrap();
        this.users = users;
        this.passwords = passwords;
    }

    void onStart(@Observes StartupEvent event) {
        boolean created = users.findByUsername(config.adminUsername())
                .flatMap(existing -> existing != null ? users.index(existing).replaceWith(false)
                        : passwords.hash(config.adminPassword()).flatMap(hash -> users.create(new User(UUID.randomUUID().toString(),
                                config.adminUsername(), hash, true, List.of(Roles.ADMIN)))))
                .await().atMost(Duration.ofSeconds(30));
        LOG.infof(created ? "Bootstrap admin user '%s' created" : "Bootstrap admin user '%s' exists; left as it is", config.adminUsername());
    }
}
