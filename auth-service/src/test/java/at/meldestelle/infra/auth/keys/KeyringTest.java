package at.meldestelle.infra.auth.keys;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which key signs and which keys are published, at instants around a rotation. */
class KeyringTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration LIFETIME = Duration.ofMinutes(6);

    private static SigningKey key(String id, Instant activatesAt) {
        return new SigningKey(id, KeyAlgorithm.ES256, activatesAt, KeyAlgorithm.ES256.generate(id));
    }

    private static List<String> ids(List<SigningKey> keys) {
        return keys.stream().map(SigningKey::keyId).toList();
    }

    @Test
    void aPendingKeyIsPublishedBeforeItSignsAndTheOldOneStaysUntilItsTokensExpired() {
        Instant rotatedAt = T0.plus(Duration.ofDays(30));
        Keyring keyring = new Keyring(List.of(key("new", rotatedAt.plusSeconds(60)), key("old", T0)));

        assertEquals("old", keyring.active(rotatedAt).orElseThrow().keyId());
        assertEquals("new", keyring.pending(rotatedAt).orElseThrow().keyId());
        assertEquals(List.of("old", "new"), ids(keyring.published(rotatedAt, LIFETIME)));

        Instant switched = rotatedAt.plusSeconds(60);
        assertEquals("new", keyring.active(switched).orElseThrow().keyId());
        assertTrue(keyring.pending(switched).isEmpty());
        assertEquals(List.of("old", "new"), ids(keyring.published(switched.plus(LIFETIME).minusMillis(1), LIFETIME)),
                "a token the old key signed just before the switch is valid for one more lifetime");
        assertEquals(List.of("new"), ids(keyring.published(switched.plus(LIFETIME), LIFETIME)));
        assertEquals(List.of("old"), ids(keyring.expired(switched.plus(LIFETIME), LIFETIME)));
    }

    @Test
    void beforeAnyKeyActivatesNoneSigns() {
        Keyring keyring = new Keyring(List.of(key("later", T0.plusSeconds(1))));
        assertTrue(keyring.active(T0).isEmpty());
        assertTrue(Keyring.EMPTY.active(T0).isEmpty());
        assertEquals(List.of("later"), ids(keyring.published(T0, LIFETIME)));
    }
}
