package at.meldestelle.infra.auth.admin;

import at.meldestelle.infra.auth.audit.AdminActor;
import at.meldestelle.infra.auth.audit.AuditLog;
import at.meldestelle.infra.auth.keys.Keyring;
import at.meldestelle.infra.auth.keys.SigningKey;
import at.meldestelle.infra.auth.keys.SigningKeys;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The signing keys through the admin API: which there are, and rotation on demand. */
@ApplicationScoped
public class KeyAdmin {

    private final SigningKeys keys;
    private final AuditLog audit;

    public KeyAdmin(SigningKeys keys, AuditLog audit) {
        this.keys = keys;
        this.audit = audit;
    }

    /** A key as admins see it: {@code state} is pending (published, signs from activatesAt), active or retired. */
    public record KeyView(String kid, String alg, Instant activatesAt, String state) {
    }

    public Uni<List<KeyView>> all() {
        return keys.current().map(keyring -> {
            Instant now = Instant.now();
            return keyring.keys().stream().map(key -> view(key, keyring, now)).toList();
        });
    }

    /**
     * Rotates in a new key: published at once, signing from {@code auth.keys.publish-ahead} on, so
     * that verifiers know it first. While one is pending already, that one is answered.
     */
    public Uni<KeyView> rotate(AdminActor actor, String correlationId) {
        return keys.rotate().invoke(key -> audit.adminChanged(actor, "rotate", "keys/" + key.keyId(),
                        Map.of("alg", key.algorithm().name(), "activatesAt", key.activatesAt().toString()), correlationId))
                .map(key -> new KeyView(key.keyId(), key.algorithm().name(), key.activatesAt(), "pending"));
    }

    private static KeyView view(SigningKey key, Keyring keyring, Instant now) {
        String state = key.activatesAt().isAfter(now) ? "pending"
                : keyring.active(now).filter(active -> active.keyId().equals(key.keyId())).isPresent() ? "active" : "retired";
        return new KeyView(key.keyId(), key.algorithm().name(), key.activatesAt(), state);
    }
}
