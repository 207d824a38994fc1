package at.meldestelle.infra.auth.client;

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
 * bcrypt hashes for client secrets (and later user passwords). Both hashing and checking are slow
 * on purpose, so they run on the worker pool, never on the event loop.
 */
@ApplicationScoped
public class SecretHasher {

    private static final WildFlyElytronPasswordProvider PROVIDER = new WildFlyElytronPasswordProvider();
    /** Checked against when a client is unknown, so that the answer takes as long as for a wrong secret. */
    private static final String DECOY_HASH = BcryptUtil.bcryptHash("decoy-secret-for-unknown-clients");

    public Uni<String> hash(String secret) {
        return Uni.createFrom().item(() -> BcryptUtil.bcryptHash(secret))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** True when {@code secret} matches {@code hash}; with a null hash it spends the same time and says false. */
    public Uni<Boolean> matches(String secret, String hash) {
        return Uni.createFrom().item(() -> hash != null & check(secret, hash == null ? DECOY_HASH : hash))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static boolean check(String secret, String hash) {
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
            BCryptPassword stored = (BCryptPassword) factory.translate(ModularCrypt.decode(hash));
            return factory.verify(stored, secret.toCharArray());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
