package at.meldestelle.infra.auth.client;

import at.meldestelle.infra.auth.config.AuthConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Creates the first confidential client ({@code AUTH_BOOTSTRAP_CLIENT_ID}/{@code AUTH_BOOTSTRAP_CLIENT_SECRET})
 * when no client exists yet; once others exist, a deleted bootstrap client stays deleted (retired). An existing one is left as it is, disabled or not, so that admins can
 * retire it; only a secret hash of an earlier build's kind is replaced (its enabled flag, roles and
 * grant types stay).
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
        String hash = hasher.hash(bootstrap.clientId(), bootstrap.clientSecret());
        String outcome = clients.find(bootstrap.clientId())
                .flatMap(existing -> {
                    if (existing == null) {
                        return clients.anyListed().flatMap(retired -> retired
                                ? Uni.createFrom().item("does not exist, but other clients do: it was retired; not made again")
                                : clients.save(new OAuthClient(bootstrap.clientId(), hash, true, bootstrap.clientRoles(),
                                        bootstrap.clientGrantTypes(), true, null))
                                .replaceWith("registered with roles " + bootstrap.clientRoles() + " and grant types "
                                        + bootstrap.clientGrantTypes()));
                    }
                    if (!hasher.isCurrent(existing.secretHash())) {
                        return clients.replaceSecretHash(bootstrap.clientId(), hash).call(() -> clients.index(bootstrap.clientId()))
                                .replaceWith("kept; its secret hash of an earlier build was replaced by one of the configured secret");
                    }
                    return clients.index(bootstrap.clientId()).replaceWith("exists; left as it is");
                })
                .await().atMost(Duration.ofSeconds(30));
        LOG.infof("Bootstrap client '%s' %s", bootstrap.clientId(), outcome);
    }
}
