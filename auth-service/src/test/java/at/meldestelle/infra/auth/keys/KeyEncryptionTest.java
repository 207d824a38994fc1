package at.meldestelle.infra.auth.keys;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyEncryptionTest {

    private static final String KEK = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEK = Base64.getEncoder().encodeToString("another-key-encryption-key-0000!".getBytes());

    @Test
    void roundTripsAndEachEncryptionDiffers() {
        KeyEncryption encryption = KeyEncryption.fromBase64(KEK);
        String first = encryption.encrypt("kid-1", "{\"d\":\"secret\"}");
        String second = encryption.encrypt("kid-1", "{\"d\":\"secret\"}");
        assertNotEquals(first, second, "a fresh nonce per encryption");
        assertFalse(first.contains("secret"));
        assertTrue(first.startsWith("v1."));
        assertEquals("{\"d\":\"secret\"}", encryption.decrypt("kid-1", first));
    }

    @Test
    void anotherKekAnotherKeyIdOrAnAlteredCiphertextDoNotDecrypt() {
        String sealed = KeyEncryption.fromBase64(KEK).encrypt("kid-1", "{\"d\":\"secret\"}");
        assertThrows(IllegalStateException.class, () -> KeyEncryption.fromBase64(OTHER_KEK).decrypt("kid-1", sealed));
        assertThrows(IllegalStateException.class, () -> KeyEncryption.fromBase64(KEK).decrypt("kid-2", sealed));
        char last = sealed.charAt(sealed.length() - 3);
        String altered = sealed.substring(0, sealed.length() - 3) + (last == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() - 2);
        assertThrows(IllegalStateException.class, () -> KeyEncryption.fromBase64(KEK).decrypt("kid-1", altered));
        assertThrows(IllegalStateException.class, () -> KeyEncryption.fromBase64(KEK).decrypt("kid-1", "{\"d\":\"plain\"}"));
    }

    @Test
    void aKekOfTheWrongSizeOrNotBase64IsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> KeyEncryption.fromBase64(Base64.getEncoder().encodeToString(new byte[16])));
        assertThrows(IllegalArgumentException.class, () -> KeyEncryption.fromBase64("not base64!"));
    }
}
