package at.meldestelle.infra.auth.client;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.shared.api.security.Permissions;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Creates the first confidential client ({@code AUTH_BOOTSTRAP_CLIENT_ID}/{@code AUTH_BOOTSTRAP_CLIENT_SECRET})
 * when it does not exist. An existing one is left as it is, disabled or not, so that admins can
 * retire it; only a client whose secret hash is of an earlier build's kind is written again.
 * Start-up waits for it: a service that cannot reach Redis is not ready to issue tokens anyway.
 */
@ApplicationScoped
public class BootstrapClient {

    private static final Logger LOG = Logger.getLogger(BootstrapClient.class);

    private final AuthConfig config;
    private final ClientRepository clients;
    private final ClientSecretHasher hasher;

    public BootstrapClient(AuthConfig config, ClientRepository clients, ClientSecretHasher hasher) {
        this.config = config;
        this.clients = clients;
        this.hasher = hasher;
    }

    void onStart(@Observes StartupEvent event) {
        AuthConfig.Bootstrap bootstrap = config.bootstrap();
        OAuthClient fresh = new OAuthClient(bootstrap.clientId(), hasher.hash(bootstrap.clientSecret()), true,
                bootstrap.clientRoles(), Permissions.ALL);
        boolean created = clients.find(bootstrap.clientId())
                .flatMap(existing -> existing != null && hasher.isCurrent(existing.secretHash())
                        ? Uni.createFrom().item(false)
                        : clients.save(fresh).replaceWith(true))
                .await().atMost(Duration.ofSeconds(30));
        if (created) {
            LOG.infof("Bootstrap client '%s' registered with roles %s", bootstrap.clientId(), bootstrap.clientRoles());
        } else {
            LOG.infof("Bootstrap client '%s' exists; left as it is", bootstrap.clientId());
        }
    }
}
