package at.meldestelle.infra.auth.admin;

import at.meldestelle.infra.auth.audit.AdminActor;
import at.meldestelle.infra.auth.audit.AuditLog;
import at.meldestelle.infra.auth.client.ClientRepository;
import at.meldestelle.infra.auth.client.ClientSecretHasher;
import at.meldestelle.infra.auth.client.OAuthClient;
import at.meldestelle.infra.auth.grant.GrantHandler;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Confidential clients through the admin API. Secrets are generated here (32 random bytes), shown
 * once and kept as a keyed hash. A client's settings (enabled, roles, grant types, introspection)
 * are replaced whole. The last enabled client with the password grant cannot be retired.
 * A disabled or deleted client's access tokens live out their lifetime (minutes); its users'
 * sessions cannot be refreshed any more.
 */
@ApplicationScoped
public class ClientAdmin {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClientRepository clients;
    private final ClientSecretHasher hasher;
    private final KnownRoles roles;
    private final LockoutGuard guard;
    private final AuditLog audit;
    private final Set<String> grantTypes;

    public ClientAdmin(ClientRepository clients, ClientSecretHasher hasher, KnownRoles roles, LockoutGuard guard,
                       AuditLog audit, @All List<GrantHandler> grants) {
        this.clients = clients;
        this.hasher = hasher;
        this.roles = roles;
        this.guard = guard;
        this.audit = audit;
        this.grantTypes = grants.stream().map(GrantHandler::grantType).collect(Collectors.toUnmodifiableSet());
    }

    /** A client's settings; for a new client {@code enabled} defaults to true and {@code introspection} to false. */
    public record Settings(String clientId, Boolean enabled, List<String> roles, List<String> grantTypes, Boolean introspection) {
    }

    public Uni<ClientSecret> create(AdminActor actor, Settings input, String correlationId) {
        AdminInput.body(input);
        String clientId = AdminInput.clientId(input.clientId());
        return client(clientId, input, null).flatMap(client -> {
            String secret = newSecret();
            OAuthClient stored = client.withSecretHash(hasher.hash(clientId, secret));
            return clients.create(stored).map(created -> {
                if (!created) {
                    throw AdminProblems.conflict("A client " + clientId + " exists.");
                }
                audit.adminChanged(actor, "create", "clients/" + clientId, details(stored), correlationId);
                return new ClientSecret(clientId, secret, ClientView.of(stored));
            });
        });
    }

    public Uni<ClientView> get(String clientId) {
        return existing(clientId).map(ClientView::of);
    }

    public Uni<List<ClientView>> all() {
        return clients.all().map(all -> all.stream().map(ClientView::of).toList());
    }

    /** Sets the client's roles and grant types, and enabled and introspection where given (the secret stays). */
    public Uni<ClientView> update(AdminActor actor, String clientId, Settings input, String correlationId) {
        AdminInput.body(input);
        return existing(clientId).flatMap(current -> client(clientId, input, current)
                .call(changed -> current.enabled() && current.allows("password") && !(changed.enabled() && changed.allows("password"))
                        ? guard.keepsALoginClientBesides(clientId) : Uni.createFrom().voidItem())
                .flatMap(changed -> clients.update(clientId, changed.roles(), changed.grantTypes(), input.enabled(),
                        input.introspection()).map(existed -> {
                    if (!existed) {
                        throw AdminProblems.notFound("Client " + clientId);
                    }
                    audit.adminChanged(actor, "update", "clients/" + clientId, details(changed), correlationId);
                    return ClientView.of(changed);
                })));
    }

    /** A new secret; the old one stops working at once. */
    public Uni<ClientSecret> newSecret(AdminActor actor, String clientId, String correlationId) {
        return existing(clientId).flatMap(client -> {
            String secret = newSecret();
            return clients.replaceSecretHash(clientId, hasher.hash(clientId, secret)).map(existed -> {
                if (!existed) {
                    throw AdminProblems.notFound("Client " + clientId);
                }
                audit.adminChanged(actor, "update", "clients/" + clientId + "/secret", Map.of(), correlationId);
                return new ClientSecret(clientId, secret, ClientView.of(client));
            });
        });
    }

    public Uni<Void> delete(AdminActor actor, String clientId, String correlationId) {
        return existing(clientId)
                .call(client -> client.enabled() && client.allows("password") ? guard.keepsALoginClientBesides(clientId)
                        : Uni.createFrom().voidItem())
                .flatMap(client -> clients.delete(clientId))
                .invoke(() -> audit.adminChanged(actor, "delete", "clients/" + clientId, Map.of(), correlationId));
    }

    private Uni<OAuthClient> existing(String clientId) {
        return clients.find(clientId).map(client -> {
            if (client == null) {
                throw AdminProblems.notFound("Client " + clientId);
            }
            return client;
        });
    }

    /** The client the settings describe, checked; a new one when {@code current} is null. */
    private Uni<OAuthClient> client(String clientId, Settings input, OAuthClient current) {
        List<String> assigned = AdminInput.names(input.roles(), "roles");
        List<String> grants = AdminInput.required(input.grantTypes(), "grantTypes");
        AdminInput.subsetOf(grants, grantTypes, "grantTypes");
        boolean enabled = input.enabled() == null ? current == null || current.enabled() : input.enabled();
        boolean introspection = input.introspection() == null ? current != null && current.introspection() : input.introspection();
        return roles.require(assigned).map(checked -> new OAuthClient(clientId, current == null ? null : current.secretHash(), enabled, assigned,
                new LinkedHashSet<>(grants), introspection, current == null ? null : current.secretChangedAt()));
    }

    private static Map<String, Object> details(OAuthClient client) {
        return Map.of("enabled", client.enabled(), "roles", client.roles(), "grantTypes", client.grantTypes(),
                "introspection", client.introspection());
    }

    private static String newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
