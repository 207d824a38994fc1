package at.meldestelle.infra.auth.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * All signing keys, oldest activation first. At any instant the key that activated last signs; a
 * key not yet active is already published (so that verifiers know it before the first token it
 * signs); a key that was replaced stays published until every token it signed has expired.
 */
public record Keyring(List<SigningKey> keys) {

    public static final Keyring EMPTY = new Keyring(List.of());

    public Keyring {
        keys = keys.stream().sorted(Comparator.comparing(SigningKey::activatesAt).thenComparing(SigningKey::keyId)).toList();
    }

    /** The key that signs at {@code now}. */
    public Optional<SigningKey> active(Instant now) {
        SigningKey active = null;
        for (SigningKey key : keys) {
            if (!key.activatesAt().isAfter(now)) {
                active = key;
            }
        }
        return Optional.ofNullable(active);
    }

    /** A key that will sign later, if one was rotated in. */
    public Optional<SigningKey> pending(Instant now) {
        return keys.stream().filter(key -> key.activatesAt().isAfter(now)).findFirst();
    }

    /** The keys a verifier needs at {@code now}: pending, active, and retired ones whose tokens may still be valid. */
    public List<SigningKey> published(Instant now, Duration tokenLifetime) {
        return partition(now, tokenLifetime, true);
    }

    /** Retired keys whose every token has expired: they can go. */
    public List<SigningKey> expired(Instant now, Duration tokenLifetime) {
        return partition(now, tokenLifetime, false);
    }

    private List<SigningKey> partition(Instant now, Duration tokenLifetime, boolean published) {
        List<SigningKey> selected = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            // A key signed until its successor activated; its tokens live at most tokenLifetime beyond that.
            boolean expired = i + 1 < keys.size() && !keys.get(i + 1).activatesAt().plus(tokenLifetime).isAfter(now);
            if (expired != published) {
                selected.add(keys.get(i));
            }
        }
        return selected;
    }
}
