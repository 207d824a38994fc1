package at.meldestelle.infra.auth.admin;

import at.meldestelle.infra.auth.client.ClientRepository;
import at.meldestelle.infra.auth.user.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses (409) admin changes that would leave nobody able to administer: the last enabled ADMIN
 * user, and the last enabled client through which users can log in (the bootstrap client is
 * retirable once another such client exists). Checked before the change, not atomically with it:
 * two admins retiring the last two at the same moment can still both succeed.
 */
@ApplicationScoped
public class LockoutGuard {

    private final UserRepository users;
    private final ClientRepository clients;

    public LockoutGuard(UserRepository users, ClientRepository clients) {
        this.users = users;
        this.clients = clients;
    }

    public Uni<Void> keepsAnAdminBesides(String userId) {
        return users.admins().map(admins -> {
            if (admins.stream().noneMatch(admin -> admin.enabled() && !admin.id().equals(userId))) {
                throw AdminProblems.lockout("This is the last enabled user with role ADMIN; make another one first.");
            }
            return null;
        });
    }

    public Uni<Void> keepsALoginClientBesides(String clientId) {
        return clients.all().map(all -> {
            if (all.stream().noneMatch(client -> client.enabled() && client.allows("password") && !client.clientId().equals(clientId))) {
                throw AdminProblems.lockout("This is the last enabled client with the password grant, through which admins "
                        + "log in; register another one first.");
            }
            return null;
        });
    }
}
