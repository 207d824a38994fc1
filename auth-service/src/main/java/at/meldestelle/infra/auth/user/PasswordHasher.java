package at.meldestelle.infra.auth.user;

import at.meldestelle.infra.auth.config.AuthConfig;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

import java.security.GeneralSecurityException;

/**
 * bcrypt for user passwords: slow on purpose (cost {@code auth.password-hash-cost}), so hashing and
 * checking run on the worker pool, never on the event loop.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final WildFlyElytronPasswordProvider PROVIDER = new WildFlyElytronPasswordProvider();

    private final int cost;
    /** Checked against when a user is unknown or disabled, so that the answer takes as long as for a wrong password. */
    private final String decoy;

    public PasswordHasher(AuthConfig config) {
        this.cost = config.passwordHashCost();
        this.decoy = BcryptUtil.bcryptHash("decoy-password-for-unknown-users", cost);
    }

    public Uni<String> hash(String password) {
        return Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password, cost))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** True when {@code password} matches {@code hash}; with a null hash it spends the same time and says false. */
    public Uni<Boolean> matches(String password, String hash) {
        return Uni.createFrom().item(() -> check(password, hash == null ? decoy : hash) & hash != null)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static boolean check(String password, String hash) {
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
            BCryptPassword stored = (BCryptPassword) factory.translate(ModularCrypt.decode(hash));
            return factory.verify(stored, password.toCharArray());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
