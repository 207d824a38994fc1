package at.meldestelle.infra.auth.user;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.auth.token.OAuthError;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * bcrypt for user passwords: slow on purpose (cost {@code auth.password-hash-cost}), so hashing and
 * checking run on a pool of their own, never on the event loop, and that pool is bounded
 * ({@code auth.password-check-threads}, {@code auth.password-check-queue}): a flood of logins is
 * refused with 503 {@code temporarily_unavailable} instead of taking the worker pool, the memory
 * or the latency of every other request. Made at start ({@code @Startup}): its decoy hash takes a
 * bcrypt run, which must not fall on the event loop of the first login.
 */
@Startup
@ApplicationScoped
public class PasswordHasher {

    /** bcrypt reads at most 72 bytes of a password; a longer one would be cut silently. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private static final WildFlyElytronPasswordProvider PROVIDER = new WildFlyElytronPasswordProvider();

    private final int cost;
    /** Checked against when a user is unknown or disabled, so that the answer takes as long as for a wrong password. */
    private final String decoy;
    private final ExecutorService pool;

    public PasswordHasher(AuthConfig config) {
        this.cost = config.passwordHashCost();
        this.decoy = BcryptUtil.bcryptHash("decoy-password-for-unknown-users", cost);
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(config.passwordCheckThreads(), config.passwordCheckThreads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.passwordCheckQueue()),
                task -> {
                    Thread thread = new Thread(task, "password-check-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    public Uni<String> hash(String password) {
        return onPool(() -> BcryptUtil.bcryptHash(password, cost));
    }

    /**
     * True when {@code password} matches {@code hash}; with a null hash (unknown or disabled user) it
     * spends the same time and says false. The decoy has the configured cost; hashes made under an
     * earlier cost take the time of theirs.
     */
    public Uni<Boolean> matches(String password, String hash) {
        return onPool(() -> check(password, hash == null ? decoy : hash) & hash != null);
    }

    /** Whether a password fits bcrypt without being cut: at most {@value #MAX_PASSWORD_BYTES} bytes of UTF-8. */
    public static boolean fits(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
    }

    private <T> Uni<T> onPool(Supplier<T> work) {
        return Uni.createFrom().emitter(emitter -> {
            try {
                pool.execute(() -> {
                    try {
                        emitter.complete(work.get());
                    } catch (Throwable e) {
                        emitter.fail(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                emitter.fail(OAuthError.temporarilyUnavailable("Too many logins at once; try again in a moment."));
            }
        });
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
