package at.meldestelle.infra.auth.keys;

import at.meldestelle.infra.auth.config.AuthConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jose4j.jwk.PublicJsonWebKey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The keys tokens are signed and verified with. Each instance keeps the keyring in memory and reads
 * it again every {@code auth.keys.refresh-interval}, so a rotation made by any instance (admin API or
 * schedule) is picked up within seconds. A new key is published {@code auth.keys.publish-ahead}
 * before it signs: longer than the refresh interval, so no instance signs with a key that another
 * instance's JWKS does not show yet, and longer than the interval at which verifiers may refetch
 * the JWKS (quarkus-oidc: 10 minutes), so they know it in time.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    private final KeyringStore store;
    private final Vertx vertx;
    private final AuthConfig.Keys config;
    private final Duration tokenLifetime;
    private final AtomicBoolean maintaining = new AtomicBoolean();
    private volatile Keyring keyring = Keyring.EMPTY;
    private long timer = -1;

    public SigningKeys(KeyringStore store, Vertx vertx, AuthConfig config) {
        this.store = store;
        this.vertx = vertx;
        this.config = config.keys();
        this.tokenLifetime = config.accessTokenAcceptance();
        if (this.config.publishAhead().compareTo(this.config.refreshInterval().multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("auth.keys.publish-ahead (" + this.config.publishAhead()
                    + ") must be at least twice auth.keys.refresh-interval (" + this.config.refreshInterval() + ")");
        }
        if (this.config.rotateEvery().compareTo(this.config.publishAhead()) <= 0) {
            throw new IllegalArgumentException("auth.keys.rotate-every (" + this.config.rotateEvery()
                    + ") must be longer than auth.keys.publish-ahead (" + this.config.publishAhead() + ")");
        }
    }

    /** Start-up waits for a keyring: an instance that cannot reach Redis cannot issue tokens anyway. */
    void start(@Observes StartupEvent event) {
        store.importLegacyKey()
                .flatMap(ignored -> store.load())
                .flatMap(loaded -> loaded.keys().isEmpty()
                        ? generate(Instant.now()).flatMap(store::addFirst).flatMap(ignored -> store.load())
                        : Uni.createFrom().item(loaded))
                .invoke(loaded -> keyring = loaded)
                .await().atMost(Duration.ofSeconds(30));
        timer = vertx.setPeriodic(config.refreshInterval().toMillis(), id -> maintainUnlessRunning());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /**
     * The key that signs now. While none has activated by this instance's clock (a clock behind the
     * one that made the first key), the earliest key signs rather than none.
     */
    public SigningKey active() {
        Keyring current = keyring;
        return current.active(Instant.now()).or(() -> current.keys().stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("The keyring is empty"));
    }

    /** The public keys verifiers need now (RFC 7517 JWK set members). */
    public List<Map<String, Object>> publicKeys() {
        return keyring.published(Instant.now(), tokenLifetime).stream().map(SigningKey::publicJwk).toList();
    }

    /** The keys tokens of this issuer may be signed with now, for verifying them. */
    public List<PublicJsonWebKey> verificationKeys() {
        return keyring.published(Instant.now(), tokenLifetime).stream().map(SigningKey::jwk).toList();
    }

    /**
     * Rotates in a new key that signs from {@code publish-ahead} on; while one is already pending,
     * answers that one (a second rotation would only shorten the first one's notice).
     */
    public Uni<SigningKey> rotate() {
        return reload().flatMap(loaded -> {
            Optional<SigningKey> pending = loaded.pending(Instant.now());
            if (pending.isPresent()) {
                return Uni.createFrom().item(pending.get());
            }
            return generate(Instant.now().plus(config.publishAhead())).flatMap(key -> store.addNext(key)
                    .flatMap(added -> reload().map(now -> added ? key
                            : now.pending(Instant.now()).or(() -> now.active(Instant.now())).orElseThrow())));
        });
    }

    /**
     * The keyring as Redis has it now (so that it shows another instance's rotation too); it does not
     * replace the one this instance signs with, which only the non-overlapping refresh does.
     */
    public Uni<Keyring> current() {
        return store.load();
    }

    private Uni<Keyring> reload() {
        return store.load().invoke(loaded -> keyring = loaded);
    }

    /** One maintenance at a time: a slow Redis must not let an older read overwrite a newer one. */
    private void maintainUnlessRunning() {
        if (!maintaining.compareAndSet(false, true)) {
            return;
        }
        maintain().onTermination().invoke(() -> maintaining.set(false)).subscribe().with(ignored -> { },
                failure -> LOG.warnf("Keyring could not be refreshed (%s); signing on with the key of the last refresh",
                        failure.toString()));
    }

    /** Refresh; rotation by schedule or to a newly configured algorithm; removal of keys whose every token has expired. */
    private Uni<Void> maintain() {
        return reload().flatMap(loaded -> {
            Instant now = Instant.now();
            boolean due = loaded.pending(now).isEmpty() && loaded.active(now)
                    .map(active -> active.algorithm() != config.algorithm()
                            || !active.activatesAt().plus(config.rotateEvery()).isAfter(now.plus(config.publishAhead())))
                    .orElse(false);
            Uni<?> rotation = due ? rotate().invoke(key -> LOG.infof("Signing key %s (%s) rotated in by schedule; it signs from %s",
                    key.keyId(), key.algorithm(), key.activatesAt())) : Uni.createFrom().voidItem();
            return rotation.flatMap(ignored -> store.remove(loaded.expired(now, tokenLifetime)));
        });
    }

    /** Key generation (RSA: tens of milliseconds) is kept off the event loop. */
    private Uni<SigningKey> generate(Instant activatesAt) {
        return Uni.createFrom().item(() -> {
            String keyId = UUID.randomUUID().toString();
            return new SigningKey(keyId, config.algorithm(), activatesAt, config.algorithm().generate(keyId));
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
