package at.meldestelle.infra.auth.client;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.shared.api.security.Permissions;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Creates, or updates to the configured secret, the first confidential client
 * ({@code AUTH_BOOTSTRAP_CLIENT_ID}/{@code AUTH_BOOTSTRAP_CLIENT_SECRET}). Start-up waits for it:
 * a service that cannot reach Redis is not ready to issue tokens anyway.
 */
@ApplicationScoped
public class BootstrapClient {

    private static final Logger LOG = Logger.getLogger(BootstrapClient.class);

    private final AuthConfig config;
    private final ClientRepository clients;
    private final SecretHasher hasher;

    public BootstrapClient(AuthConfig config, ClientRepository clients, SecretHasher hasher) {
        this.config = config;
        this.clients = clients;
        this.hasher = hasher;
    }

    void onStart(@Observes StartupEvent event) {
        AuthConfig.Bootstrap bootstrap = config.bootstrap();
        hasher.hash(bootstrap.clientSecret())
                .map(hash -> new OAuthClient(bootstrap.clientId(), hash, true, bootstrap.clientRoles(), Permissions.ALL))
                .flatMap(clients::save)
                .await().atMost(Duration.ofSeconds(30));
        LOG.infof("Bootstrap client '%s' is registered with roles %s", bootstrap.clientId(), bootstrap.clientRoles());
    }
}
